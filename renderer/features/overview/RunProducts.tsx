import { compareNames } from '../../../shared/analysis/order';
import { parseEvaluation } from '../../../shared/parse/mmEvaluation';
import { Notice } from '../../components/Badges';
import { FileLink } from '../../components/FileLink';
import { ImagePreview } from '../../components/ImagePreview';
import { useParsed } from '../../components/ParsedFile';
import { useSnapshot } from '../../lib/hostData';
import { useStore } from '../../store/store';
import { IMAGE_NAME } from '../step-view/FilePane';

/** A file of an MM-Agent run's `Workspace/`: what the run made. */
export const isProduct = (file: string) => file.startsWith('Workspace/') || file.includes('/Workspace/');

/** What an MM-Agent run made (FORMATS.md §4.4): its `Workspace/` by folder (code, results, charts, LaTeX, Markdown), the charts drawn. */
function Products({ files }: { readonly files: readonly string[] }) {
  const navigate = useStore((s) => s.navigate);
  const products = files.filter(isProduct);
  if (products.length === 0) return null;
  const groups = new Map<string, string[]>();
  for (const file of products) {
    const rest = file.slice(file.indexOf('Workspace/') + 'Workspace/'.length);
    const group = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '.';
    groups.set(group, [...(groups.get(group) ?? []), file]);
  }
  const images = products.filter((file) => IMAGE_NAME.test(file));
  return (
    <section className="overview-section" aria-label="products of the run">
      <h2>What the run made</h2>
      {images.length > 0 && (
        <div className="image-strip" aria-label="charts">
          {images.map((path) => (
            <button key={path} type="button" className="link" onClick={() => navigate({ view: 'file', path }, { byUser: true })} title={path}>
              <ImagePreview path={path} thumbnail />
            </button>
          ))}
        </div>
      )}
      <div className="cards">
        {[...groups]
          .sort(([a], [b]) => compareNames(a, b))
          .map(([group, paths]) => (
            <section key={group} className="card" aria-label={`Workspace ${group}`}>
              <h3>{group === '.' ? 'Workspace' : group}</h3>
              <ul className="plain-list">
                {paths.sort(compareNames).map((path) => (
                  <li key={path}>
                    <FileLink path={path} label={path.slice(path.lastIndexOf('/') + 1)} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
      </div>
    </section>
  );
}

/** The evaluator's scores of an MM-Agent run, criterion by criterion, each with its reason. */
function EvaluationScores({ path }: { readonly path: string }) {
  const parsed = useParsed(path, parseEvaluation);
  if ('shown' in parsed) return parsed.shown;
  const read = parsed.value;
  if (!read.ok) return <Notice kind="warning">{`${path}: ${read.error}`}</Notice>;
  const { value } = read;
  return (
    <section className="overview-section" aria-label="evaluation">
      <h2>
        Evaluation{value.problemId ? ` of ${value.problemId}` : ''}{' '}
        <span className="muted">
          (by {value.model ?? 'an unnamed model'}; <FileLink path={path} />)
        </span>
      </h2>
      {value.criteria.length === 0 && <p className="muted">No criterion scored in this file.</p>}
      {value.criteria.map((criterion) => (
        <table key={criterion.key} className="autopsy-table" aria-label={`scores for ${criterion.name}`}>
          <caption>{criterion.name}</caption>
          <thead>
            <tr>
              <th>analysis</th>
              <th>score</th>
              <th>reason</th>
            </tr>
          </thead>
          <tbody>
            {criterion.scores.map((score) => (
              <tr key={score.analysis}>
                <td>{score.analysis}</td>
                <td className="number">{score.score ?? 'unknown'}</td>
                <td>{score.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

/** An agent run's products and its evaluation, when it has them. */
export function RunProducts({ path }: { readonly path: string }) {
  const files = useSnapshot().snapshot?.tree.runs.find((run) => run.path === path)?.files ?? [];
  const evaluation = files.find((file) => file.endsWith('Memory/evaluation/evaluation_results.json'));
  return (
    <>
      {evaluation && <EvaluationScores path={evaluation} />}
      <Products files={files} />
    </>
  );
}
