import type { Plain } from '../../shared/model/plain';

const isRaw = (value: Plain): value is { $raw: Plain } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && '$raw' in value;

/** An event's payload as a tree: literals parsed, text that was not a literal shown as it was written. */
export function DataTree({ value }: { readonly value: Plain }) {
  if (isRaw(value))
    return (
      <span className="data-raw" title="not a Python literal: shown as written">
        {String(value.$raw)}
      </span>
    );
  if (value === null) return <span className="data-null">None</span>;
  if (typeof value === 'boolean') return <span className="data-bool">{value ? 'True' : 'False'}</span>;
  if (typeof value === 'number') return <span className="data-number">{String(value)}</span>;
  if (typeof value === 'string') return <span className="data-string">{value}</span>;
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  if (entries.length === 0) return <span className="muted">{Array.isArray(value) ? '[]' : '{}'}</span>;
  return (
    <ul className="data-tree">
      {entries.map(([key, item]) => (
        <li key={key}>
          <span className="data-key">{key}</span>: <DataTree value={item} />
        </li>
      ))}
    </ul>
  );
}
