// Strategies, each linked both ways: to the theory-of-action statements it enacts, the root
// causes it addresses and the measures that track it.
import { usePlan } from "../plan/context";
import * as read from "../plan/read";
import { Collection, ItemCard, neighbours } from "../components/collection";
import {
  LinkPicker,
  NumberField,
  RefField,
  TagsField,
  TextField,
  tagsInPlan,
} from "../components/fields";
import { useTerms } from "./terms";
import { DecisionRecord } from "../components/DecisionRecord";

export function StrategiesSection() {
  const terms = useTerms();
  return (
    <Collection
      partName="strategies"
      heading={terms.plural("strategies")}
      addLabel={`Add ${terms.aNoun("strategies")}`}
      renderItem={(item, i, list) => (
        <ItemCard key={item.id} partName="strategies" item={item} index={i} count={list.length} {...neighbours(list, i)}>
          <Strategy item={item} />
        </ItemCard>
      )}
    />
  );
}

function Strategy({ item }: { item: read.Item }) {
  const { peer, go } = usePlan();
  const terms = useTerms();
  const at = `strategies/${item.id}`;
  const tactics = read.items(peer.doc, "tactics").filter((t) => read.str(t.map, "strategy") === item.id);
  return (
    <div class="fields">
      <TextField at={at} map={item.map} name="name" label="Name" />
      <TextField at={at} map={item.map} name="description" label="What it is" multiline />
      <div class="field-grid">
        <RefField at={at} map={item.map} name="owner" label="Executive owner" to="members" />
        <NumberField at={at} map={item.map} name="priority" label="Priority rank" whole />
      </div>
      <div class="link-grid">
        <LinkPicker
          at={at}
          map={item.map}
          name="statements"
          label={`${terms.plural("statements")} it enacts`}
          to="statements"
        />
        <LinkPicker at={at} map={item.map} name="root_causes" label={`${terms.plural("root_causes")} it addresses`} to="root_causes" />
        <LinkPicker
          at={at}
          map={item.map}
          name="measures"
          label={`${terms.plural("measures")} that track it`}
          to="measures"
          reverse={{ field: "strategies", ownId: item.id }}
        />
      </div>
      <TagsField at={at} map={item.map} name="student_groups" label="Student groups it serves" suggestions={tagsInPlan(peer.doc)} />
      <TextField at={at} map={item.map} name="evidence_base" label="Evidence base (ESSA tier or research note)" multiline />
      <DecisionRecord at={at} map={item.map} />
      <p class="related">
        {tactics.length === 0 ? `No ${terms.plural("tactics").toLowerCase()} yet.` : `${tactics.length} ${tactics.length === 1 ? terms.singular("tactics").toLowerCase() : terms.plural("tactics").toLowerCase()} carry it out.`}{" "}
        <button type="button" class="link" onClick={() => go({ section: "tactics", path: `strategies/${item.id}` })}>
          Go to its {terms.plural("tactics").toLowerCase()}
        </button>
      </p>
    </div>
  );
}
