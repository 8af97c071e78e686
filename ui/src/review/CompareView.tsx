// Comparing two versions, or a version and the current draft, section by section: inserted
// words in <ins>, deleted in <del>, each with words a screen reader says and marks that do not
// rely on colour (underline, strike-through).
import type { ComparisonView, ItemChangeView, SpanView } from "../ipc";
import { KIND_WORDS, tally } from "./compare";

export function CompareView({ comparison: c }: { comparison: ComparisonView }) {
  if (c.sections.length === 0) {
    return (
      <p class="success" role="status">
        {capital(c.from)} and {c.to} say the same thing.
      </p>
    );
  }
  const t = tally(c);
  return (
    <section class="compare-view" aria-labelledby="compare-result-heading">
      <h3 id="compare-result-heading">
        From {c.from} to {c.to}
      </h3>
      <p class="hint" role="status">
        {c.sections.length} {c.sections.length === 1 ? "section" : "sections"} changed: {t.items} {t.items === 1 ? "part" : "parts"},{" "}
        {t.inserted} {t.inserted === 1 ? "word" : "words"} inserted, {t.deleted} deleted.
      </p>
      <p class="compare-legend">
        <ins>inserted words are underlined</ins> · <del>deleted words are struck through</del>
      </p>
      {c.sections.map((s) => (
        <section key={s.label} class="compare-section" aria-label={s.label}>
          <h4>{s.label}</h4>
          {s.items.map((item) => (
            <Item key={item.path} item={item} />
          ))}
        </section>
      ))}
    </section>
  );
}

function Item({ item }: { item: ItemChangeView }) {
  return (
    <div class={`compare-item ${item.kind}`}>
      <p class="compare-item-title">
        <span class="compare-kind">
          {capital(item.noun)} {KIND_WORDS[item.kind]}
          {item.title.toLowerCase() === item.noun.toLowerCase() ? "" : ":"}
        </span>{" "}
        {item.title.toLowerCase() === item.noun.toLowerCase() ? "" : item.title || "(untitled)"}
        {item.within && <span class="hint"> in {item.within}</span>}
      </p>
      <dl class="compare-fields">
        {item.fields.map((f) => (
          <div key={f.field} class="compare-field">
            <dt>{f.label}</dt>
            <dd>
              {f.spans.map((s, i) => (
                <Run key={i} span={s} />
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Run({ span }: { span: SpanView }) {
  switch (span.mark) {
    case "same":
      return <span>{span.text}</span>;
    case "inserted":
      return (
        <ins>
          <span class="visually-hidden">[inserted: </span>
          {span.text}
          <span class="visually-hidden">]</span>
        </ins>
      );
    case "deleted":
      return (
        <del>
          <span class="visually-hidden">[deleted: </span>
          {span.text}
          <span class="visually-hidden">]</span>
        </del>
      );
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
