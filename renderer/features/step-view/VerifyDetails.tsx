import { microsText, percentText, speedupText } from '../../../shared/analysis/format';
import { splitRelPath } from '../../../shared/parse/relPath';
import {
  type JsonRead,
  parseProfileResult,
  parseRooflineResult,
  parseVerifyResult,
  type ProfileResult,
  rooflineShare,
  VERIFY_JSON_FILES,
} from '../../../shared/parse/verifyJson';
import { Notice } from '../../components/Badges';
import { FileLink } from '../../components/FileLink';
import { useFile } from '../../lib/hostData';

/** A JSON file of the folder, parsed; null while there is none or it loads; the reason when it does not read. */
function useJson<T>(path: string | null, parse: (text: string) => JsonRead<T>): JsonRead<T> | null {
  const file = useFile(path);
  if (!path || !file) return null;
  if (file.status === 'error') return { ok: false, error: file.error.message };
  if (file.status !== 'ready') return null;
  return file.slice.isCut ? { ok: false, error: 'too large to read here' } : parse(file.slice.text);
}

const us = (value: number | null) => (value === null ? '—' : microsText(value));

/** The cases of a verify run: passed or not, why, and the times of reference and kernel. */
function Cases({ path }: { readonly path: string }) {
  const read = useJson(path, parseVerifyResult);
  if (!read) return null;
  if (!read.ok) return <Notice kind="warning">{`${splitRelPath(path).name}: ${read.error}`}</Notice>;
  const result = read.value;
  const passed = result.cases.filter((entry) => entry.passed === true).length;
  return (
    <div className="verify-cases">
      <p>
        <FileLink path={path} />:{' '}
        <strong>
          {result.passed === null ? 'no verdict' : result.passed ? 'passed' : 'failed'}, {passed} of {result.numCases ?? result.cases.length} cases passed
        </strong>
        {result.errorSource ? ` · error in the ${result.errorSource}` : ''}
        {result.worstMaxAbsDiff !== null ? ` · worst |diff| ${result.worstMaxAbsDiff.toExponential(2)} (case ${result.worstIdx ?? '?'})` : ''}
      </p>
      <table className="autopsy-table" aria-label={`cases of ${splitRelPath(splitRelPath(path).dir).name}`}>
        <thead>
          <tr>
            <th>case</th>
            <th>inputs</th>
            <th>verdict</th>
            <th>failure</th>
            <th>reference</th>
            <th>kernel</th>
            <th>error</th>
          </tr>
        </thead>
        <tbody>
          {result.cases.map((entry) => (
            <tr key={entry.idx} className={entry.passed === false ? 'row-failed' : undefined}>
              <td className="number">{entry.idx}</td>
              <td className="mono">{entry.description ?? '—'}</td>
              <td>{entry.passed === null ? '—' : entry.passed ? 'passed' : 'failed'}</td>
              <td>{entry.failureKind ?? (entry.passed === false ? (entry.errorSource ?? '?') : '')}</td>
              <td className="number">{us(entry.refWallUs)}</td>
              <td className="number">{us(entry.implWallUs)}</td>
              <td>{entry.error ? <pre className="case-error">{entry.error}</pre> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The profiled times, per case: the framework's and the kernel's, and the speed-up of each. */
function Profiles({ base, generation }: { readonly base: string | null; readonly generation: string | null }) {
  const baseRead = useJson(base, parseProfileResult);
  const generated = useJson(generation, parseProfileResult);
  if (!baseRead && !generated) return null;
  const problems: Array<{ path: string; error: string }> = [];
  if (base && baseRead && !baseRead.ok) problems.push({ path: base, error: baseRead.error });
  if (generation && generated && !generated.ok) problems.push({ path: generation, error: generated.error });
  const b: ProfileResult | null = baseRead?.ok ? baseRead.value : null;
  const g: ProfileResult | null = generated?.ok ? generated.value : null;
  const cases = Math.max(b?.perCaseUs.length ?? 0, g?.perCaseUs.length ?? 0);
  const ratio = (x: number | null | undefined, y: number | null | undefined) => (x == null || y == null || y <= 0 ? null : x / y);
  return (
    <div className="verify-profiles">
      {problems.map(({ path, error }) => (
        <Notice key={path} kind="warning">{`${splitRelPath(path).name}: ${error}`}</Notice>
      ))}
      <p>
        profiled: framework <strong>{us(b?.timeUs ?? null)}</strong>{' '}
        {base ? (
          <>
            (<FileLink path={base} label="base profile" />)
          </>
        ) : (
          <span className="muted">(no base profile in this folder)</span>
        )}{' '}
        · kernel <strong>{us(g?.timeUs ?? null)}</strong>{' '}
        {generation && (
          <>
            (<FileLink path={generation} label="generation profile" />)
          </>
        )}
        {b?.error ? ` · base: ${b.error}` : ''}
        {g?.error ? ` · generation: ${g.error}` : ''}
        {g?.method ? ` · ${g.method}, ${g.warmups ?? '?'} warm-ups, ${g.runs ?? '?'} runs` : ''}
      </p>
      {cases > 1 && (
        <table className="autopsy-table" aria-label="profiled cases">
          <thead>
            <tr>
              <th>case</th>
              <th>framework</th>
              <th>kernel</th>
              <th>speed-up</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: cases }, (_, i) => (
              <tr key={i}>
                <td className="number">{i}</td>
                <td className="number">{us(b?.perCaseUs[i] ?? null)}</td>
                <td className="number">{us(g?.perCaseUs[i] ?? null)}</td>
                <td className="number">{speedupText(ratio(b?.perCaseUs[i], g?.perCaseUs[i]))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The roofline: the time no kernel can beat on the device, what bounds it, and how close the kernel came. */
function Roofline({ path, generation, generatedUs }: { readonly path: string; readonly generation: string | null; readonly generatedUs: number | null }) {
  const read = useJson(path, parseRooflineResult);
  const profiled = useJson(generation, parseProfileResult);
  if (!read) return null;
  if (!read.ok) return <Notice kind="warning">{`${splitRelPath(path).name}: ${read.error}`}</Notice>;
  const roofline = read.value;
  if (!roofline.success || roofline.timeUs === null)
    return (
      <p>
        roofline: <span className="muted">{roofline.skipped ? 'skipped' : 'failed'}</span>
        {roofline.error ? ` — ${roofline.error}` : ''} (<FileLink path={path} />)
      </p>
    );
  const share = rooflineShare(roofline.timeUs, (profiled?.ok ? profiled.value.timeUs : null) ?? generatedUs);
  return (
    <p>
      roofline <strong>{us(roofline.timeUs)}</strong>
      {roofline.bottleneck ? ` (${roofline.bottleneck}-bound)` : ''}
      {roofline.arch ? ` on ${roofline.arch}` : ''} · the kernel at <strong>{percentText(share)}</strong> of the roofline
      {share !== null && share > 1 ? ' — faster than the floor: not possible, see the integrity flags' : ''} (<FileLink path={path} />)
    </p>
  );
}

/** What a step's verify folders say in their JSON files (FORMATS.md §4.1), folder by folder. */
export function VerifyDetails({
  verifyDirs,
  verifyFiles,
  generatedUs,
}: {
  readonly verifyDirs: readonly string[];
  readonly verifyFiles: readonly string[];
  readonly generatedUs: number | null;
}) {
  const has = (dir: string, name: string) => (verifyFiles.includes(`${dir}/${name}`) ? `${dir}/${name}` : null);
  const shown = verifyDirs.filter((dir) => Object.values(VERIFY_JSON_FILES).some((name) => has(dir, name)));
  if (shown.length === 0) return null;
  return (
    <details open>
      <summary>Verification, case by case</summary>
      {shown.map((dir) => (
        <section key={dir} className="verify-json" aria-label={`verification in ${splitRelPath(dir).name}`}>
          <h4>{splitRelPath(dir).name}</h4>
          {has(dir, VERIFY_JSON_FILES.result) && <Cases path={has(dir, VERIFY_JSON_FILES.result)!} />}
          <Profiles base={has(dir, VERIFY_JSON_FILES.base)} generation={has(dir, VERIFY_JSON_FILES.generation)} />
          {has(dir, VERIFY_JSON_FILES.roofline) && (
            <Roofline path={has(dir, VERIFY_JSON_FILES.roofline)!} generation={has(dir, VERIFY_JSON_FILES.generation)} generatedUs={generatedUs} />
          )}
        </section>
      ))}
    </details>
  );
}
