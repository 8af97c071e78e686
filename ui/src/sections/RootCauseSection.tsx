// The root-cause tree: for each priority problem, the causes the team found, each explained by
// deeper causes ("why?" until the district can act), each tied to evidence.
import { placeId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import { ItemCard, neighbours } from "../components/collection";
import { focusSoon } from "../components/focus";
import {
  BoolField,
  ChoiceField,
  LinkPicker,
  RefField,
  TextField,
  useCommand,
} from "../components/fields";
import { useTerms } from "./terms";

export function RootCauseSection() {
  const { peer } = usePlan();
  const terms = useTerms();
  const problems = read.items(peer.doc, "problems");
  const causes = read.items(peer.doc, "root_causes");
  const problemIds = new Set(problems.map((p) => p.id));
  const placed = placedCauses(causes);
  const unplaced = causes.filter((c) => !placed.has(c.id));
  return (
    <>
      {problems.length === 0 && (
        <p class="empty-note">
          Causes explain {terms.plural("problems").toLowerCase()}. Name the problems in their own section, or add causes here and tie them
          to a problem later.
        </p>
      )}
      {problems.map((p) => (
        <CauseTree
          key={p.id}
          problemId={p.id}
          heading={read.titleOf("problems", p.map, terms.singular("problems").toLowerCase())}
          causes={causes}
          roots={causes.filter((c) => read.str(c.map, "problem") === p.id && !read.str(c.map, "parent"))}
        />
      ))}
      <CauseTree
        problemId={null}
        heading={`${terms.plural("root_causes")} not tied to a ${terms.singular("problems").toLowerCase()}`}
        causes={causes}
        roots={causes.filter(
          (c) =>
            !read.str(c.map, "parent") && !problemIds.has(read.str(c.map, "problem") ?? ""),
        )}
        extra={unplaced.filter((c) => read.str(c.map, "parent"))}
      />
    </>
  );
}

/** Causes reachable from a top-level cause (so a loop of parents never hides a cause). */
function placedCauses(causes: read.Item[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const c of causes) {
    const parent = read.str(c.map, "parent");
    if (parent) children.set(parent, [...(children.get(parent) ?? []), c.id]);
  }
  const ids = new Set(causes.map((c) => c.id));
  const placed = new Set<string>();
  const visit = (id: string) => {
    if (placed.has(id)) return;
    placed.add(id);
    for (const k of children.get(id) ?? []) visit(k);
  };
  for (const c of causes) {
    const parent = read.str(c.map, "parent");
    if (!parent || !ids.has(parent)) visit(c.id);
  }
  return placed;
}

function CauseTree(props: {
  problemId: string | null;
  heading: string;
  causes: read.Item[];
  roots: read.Item[];
  extra?: read.Item[];
}) {
  const terms = useTerms();
  const groupPath = props.problemId ? `problems/${props.problemId}` : "root_causes";
  const headingId = `${placeId(groupPath)}-heading`;
  const all = [...props.roots, ...(props.extra ?? [])];
  if (!props.problemId && all.length === 0) {
    return (
      <div class="section-actions">
        <AddCause problemId={null} parentId={null} label={`Add ${terms.aNoun("root_causes")}`} />
      </div>
    );
  }
  return (
    <section class="collection cause-tree" id={placeId(groupPath)} aria-labelledby={headingId} tabIndex={-1}>
      <div class="collection-header">
        <h2 id={headingId}>
          {props.problemId && <span class="item-kicker">{terms.singular("problems")}</span>}
          {props.heading}
        </h2>
        <AddCause problemId={props.problemId} parentId={null} label={`Add ${terms.aNoun("root_causes")}`} primary />
      </div>
      {all.length === 0 ? (
        <p class="empty-note">No causes found yet.</p>
      ) : (
        <ul class="tree">
          {all.map((c, i) => (
            <CauseNode key={c.id} cause={c} causes={props.causes} depth={0} siblings={all} index={i} seen={new Set()} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AddCause(props: { problemId: string | null; parentId: string | null; label: string; primary?: boolean }) {
  const run = useCommand();
  return (
    <button
      type="button"
      class={props.primary ? "primary" : "secondary small"}
      onClick={async () => {
        const fields: Record<string, string> = {};
        if (props.problemId) fields.problem = props.problemId;
        if (props.parentId) fields.parent = props.parentId;
        const id = await run({ op: "add", to: "root_causes", fields, after: null });
        if (id) focusSoon(`root_causes/${id}`, "statement");
      }}
    >
      {props.label}
    </button>
  );
}

function CauseNode(props: {
  cause: read.Item;
  causes: read.Item[];
  depth: number;
  siblings: read.Item[];
  index: number;
  seen: Set<string>;
}) {
  const { cause } = props;
  const terms = useTerms();
  const at = `root_causes/${cause.id}`;
  const seen = new Set(props.seen).add(cause.id);
  const kids = props.causes.filter((c) => read.str(c.map, "parent") === cause.id && !seen.has(c.id));
  const problem = read.str(cause.map, "problem");
  return (
    <li class="tree-node">
      <ItemCard
        partName="root_causes"
        item={cause}
        index={props.index}
        count={props.siblings.length}
        {...neighbours(props.siblings, props.index)}
        headingLevel={props.depth === 0 ? 3 : 4}
        label={props.depth === 0 ? "Cause" : "Why? Because"}
      >
        <div class="fields">
          <TextField at={at} map={cause.map} name="statement" label="The cause" multiline />
          <details class="cause-details">
            <summary>Category, level, evidence and place in the tree</summary>
            <div class="field-grid">
              <ChoiceField at={at} map={cause.map} name="category" label="Category" vocabulary="cause_category" />
              <ChoiceField at={at} map={cause.map} name="level" label="Level" vocabulary="cause_level" />
              <ChoiceField at={at} map={cause.map} name="method" label="How it was found" vocabulary="cause_method" />
              <BoolField at={at} map={cause.map} name="within_control" label="Within the district's control" />
              <BoolField at={at} map={cause.map} name="verified" label="Verified with evidence" />
              <RefField at={at} map={cause.map} name="problem" label={terms.singular("problems")} to="problems" noneLabel="None" />
              <RefField at={at} map={cause.map} name="parent" label="Explains the cause" to="root_causes" noneLabel="None (top of the tree)" />
            </div>
          </details>
          <LinkPicker at={at} map={cause.map} name="evidence" label="Evidence it rests on" to="evidence" />
          <AddCause problemId={problem} parentId={cause.id} label="Ask why: add a deeper cause" />
        </div>
      </ItemCard>
      {kids.length > 0 && (
        <ul class="tree">
          {kids.map((k, i) => (
            <CauseNode key={k.id} cause={k} causes={props.causes} depth={props.depth + 1} siblings={kids} index={i} seen={seen} />
          ))}
        </ul>
      )}
    </li>
  );
}
