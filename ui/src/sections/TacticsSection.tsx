// Tactics under their strategies: one accountable owner, start and due dates, a status, and
// what pays for each (the investment lines linked to it).
import { formatAmount } from "../plan/amounts";
import { placeId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import { labelOf } from "../plan/schema";
import { ItemCard, neighbours } from "../components/collection";
import { focusSoon } from "../components/focus";
import {
  BoolField,
  ChoiceField,
  DateField,
  LinkPicker,
  NestedItems,
  RefField,
  TextField,
  useCommand,
} from "../components/fields";
import { useTerms } from "./terms";
import { TacticsTable, TacticsTimeline } from "./TacticTables";
import { ViewSwitch, useView, type ViewChoice } from "../components/views";

const TACTIC_VIEWS: ViewChoice<"cards" | "table" | "timeline">[] = [
  { key: "cards", label: "Cards" },
  { key: "table", label: "Table" },
  { key: "timeline", label: "Timeline" },
];

export function TacticsSection() {
  const terms = useTerms();
  const [view, setView] = useView("tactics", TACTIC_VIEWS);
  return (
    <>
      <ViewSwitch label={`Show ${terms.plural("tactics").toLowerCase()} as`} choices={TACTIC_VIEWS} view={view} onChoose={setView} />
      {view === "table" ? <TacticsTable /> : view === "timeline" ? <TacticsTimeline /> : <TacticCards />}
    </>
  );
}

function TacticCards() {
  const { peer } = usePlan();
  const terms = useTerms();
  const strategies = read.items(peer.doc, "strategies");
  const tactics = read.items(peer.doc, "tactics");
  const known = new Set(strategies.map((s) => s.id));
  const loose = tactics.filter((t) => !known.has(read.str(t.map, "strategy") ?? ""));
  return (
    <>
      {strategies.length === 0 && (
        <p class="empty-note">
          {terms.plural("tactics")} carry out {terms.plural("strategies").toLowerCase()}: add a {terms.singular("strategies").toLowerCase()} first, or add{" "}
          {terms.plural("tactics").toLowerCase()} here and place them later.
        </p>
      )}
      {strategies.map((s) => (
        <TacticGroup
          key={s.id}
          strategyId={s.id}
          heading={read.titleOf("strategies", s.map, terms.singular("strategies").toLowerCase())}
          tactics={tactics.filter((t) => read.str(t.map, "strategy") === s.id)}
        />
      ))}
      {(loose.length > 0 || strategies.length === 0) && (
        <TacticGroup strategyId={null} heading={`${terms.plural("tactics")} not under a ${terms.singular("strategies").toLowerCase()}`} tactics={loose} />
      )}
    </>
  );
}

function TacticGroup(props: { strategyId: string | null; heading: string; tactics: read.Item[] }) {
  const run = useCommand();
  const terms = useTerms();
  const groupPath = props.strategyId ? `strategies/${props.strategyId}` : "tactics";
  const headingId = `${placeId(groupPath)}-heading`;
  const add = async () => {
    const fields: Record<string, string> = props.strategyId ? { strategy: props.strategyId } : {};
    const last = props.tactics[props.tactics.length - 1];
    const id = await run({ op: "add", to: "tactics", fields, after: last ? last.id : null });
    if (id) focusSoon(`tactics/${id}`);
  };
  return (
    <section class="collection tactic-group" id={placeId(groupPath)} aria-labelledby={headingId} tabIndex={-1}>
      <div class="collection-header">
        <h2 id={headingId}>
          {props.strategyId && <span class="item-kicker">{terms.singular("strategies")}</span>}
          {props.heading} <span class="count">{props.tactics.length}</span>
        </h2>
        <button type="button" class="primary" onClick={() => void add()}>
          Add {terms.aNoun("tactics")}
          <span class="visually-hidden"> to {props.heading}</span>
        </button>
      </div>
      {props.tactics.length === 0 ? (
        <p class="empty-note">None yet.</p>
      ) : (
        <div class="cards">
          {props.tactics.map((t, i) => (
            <ItemCard key={t.id} partName="tactics" item={t} index={i} count={props.tactics.length} {...neighbours(props.tactics, i)}>
              <Tactic item={t} />
            </ItemCard>
          ))}
        </div>
      )}
    </section>
  );
}

function Tactic({ item }: { item: read.Item }) {
  const { peer } = usePlan();
  const terms = useTerms();
  const at = `tactics/${item.id}`;
  const funding = read
    .items(peer.doc, "ledger")
    .filter((l) => read.str(l.map, "kind") === "investment" && read.keys(l.map, "tactics").includes(item.id));
  const status = read.str(item.map, "status");
  const { opened } = usePlan();
  // The section's name in this plan's template ("Resource plan"), not a name of our own.
  const ledgerSection = opened.template.sections.find((s) => s.id === "ledger")?.label ?? "the resources section";
  return (
    <div class="fields">
      <TextField at={at} map={item.map} name="description" label="What will be done" multiline />
      <div class="field-grid">
        <RefField at={at} map={item.map} name="strategy" label={terms.singular("strategies")} to="strategies" noneLabel="Not placed yet" />
        <RefField at={at} map={item.map} name="owner" label="Accountable owner" to="members" noneLabel="Not on the team, or nobody yet" />
        <DateField at={at} map={item.map} name="start" label="Start date" />
        <DateField at={at} map={item.map} name="due" label="Due date" />
        <ChoiceField at={at} map={item.map} name="status" label="Status" vocabulary="tactic_status" />
      </div>
      {!read.str(item.map, "owner") && (
        // An owner need not join the leadership team (a department director): named here instead.
        <div class="field-grid two outside-owner">
          <TextField at={at} map={item.map} name="outside_owner" label="Owner outside the team" hint="Their name, if the owner is not on the leadership team" />
          <TextField at={at} map={item.map} name="outside_owner_role" label="Their role" />
        </div>
      )}
      {status && <p class={`status-pill status-${status}`}>{labelOf("tactic_status", status)}</p>}
      <TextField at={at} map={item.map} name="sites" label="Schools or sites" />
      <TextField at={at} map={item.map} name="benchmark" label="Implementation benchmark (how we will know it is done well)" multiline />
      <LinkPicker at={at} map={item.map} name="contributors" label="Contributors" to="members" />
      <NestedItems
        partName="tactics"
        at={at}
        map={item.map}
        name="milestones"
        label="Milestones"
        addLabel="Add a milestone"
        render={(mAt, m, i) => (
          <div class="field-grid">
            <TextField at={mAt} map={m.map} name="description" label={`Milestone ${i + 1}`} className="span-2" />
            <DateField at={mAt} map={m.map} name="due" label={`Milestone ${i + 1} due`} />
            <BoolField at={mAt} map={m.map} name="done" label={`Milestone ${i + 1} done`} />
          </div>
        )}
      />
      <div class="funding">
        <h4>What pays for it</h4>
        {funding.length > 0 ? (
          <ul class="funding-lines">
            {funding.map((l) => {
              const amount = read.num(l.map, "amount");
              const unit = read.str(l.map, "unit") ?? "usd";
              return (
                <li key={l.id}>
                  {read.titleOf("ledger", l.map, "ledger line")}
                  {amount !== null && <> — {formatAmount(amount, unit)}</>}
                  {read.str(l.map, "fiscal_year") && <> in {read.str(l.map, "fiscal_year")}</>}
                </li>
              );
            })}
          </ul>
        ) : (
          <p class="empty-note">No investment line pays for it yet.</p>
        )}
        <BoolField at={at} map={item.map} name="no_cost" label="Needs no new resources" />
        <LinkPicker
          at={at}
          map={item.map}
          name="ledger_lines"
          label="Ledger lines linked to it"
          to="ledger"
          reverse={{ field: "tactics", ownId: item.id }}
          emptyText={`There are no ledger lines yet: add them under ${ledgerSection}.`}
        />
      </div>
    </div>
  );
}
