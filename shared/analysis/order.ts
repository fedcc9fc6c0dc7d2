/**
 * The order a person reads a run in: names with their numbers compared as numbers (`S9` before
 * `S10`, `Task2` before `Task10`), and tasks of an evolutionary run by generation first
 * (`_Init_Task3` before `_Gen1_Task1`, FORMATS.md §1.2), as the run made them.
 */

const collator = new Intl.Collator('en', { numeric: true });

/** Text with its numbers compared as numbers. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

const GENERATION = /(?:^|_)(?:(init)|gen(\d+))(?=_|task|$)/i;

/** Task ids seen, with their generation: a run sorts the same few thousand ids over and over. */
const generations = new Map<string, number | null>();

/** The generation a task id names: 0 for `Init`, N for `GenN`; null when it names none. */
export function generationOf(taskId: string): number | null {
  let generation = generations.get(taskId);
  if (generation !== undefined) return generation;
  const match = GENERATION.exec(taskId);
  generation = match ? (match[1] ? 0 : Number(match[2])) : null;
  if (generations.size >= 100_000) generations.clear();
  generations.set(taskId, generation);
  return generation;
}

/** Tasks by generation (Init, Gen1, Gen2, …), then by their ids with numbers as numbers; ids that name no generation after. */
export function compareTaskIds(a: string, b: string): number {
  const ga = generationOf(a);
  const gb = generationOf(b);
  if (ga !== gb) return ga === null ? 1 : gb === null ? -1 : ga - gb;
  return collator.compare(a, b);
}
