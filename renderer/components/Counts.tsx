/** A card of counts by name (failures by kind, by agent, …), most first; "none" when empty. */
export function Counts({ title, record }: { readonly title: string; readonly record: Readonly<Record<string, number>> }) {
  const entries = Object.entries(record).sort(([, a], [, b]) => b - a);
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key}>
                <td>{key}</td>
                <td className="number">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
