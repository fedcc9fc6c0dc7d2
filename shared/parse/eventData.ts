import type { AgentEvent } from '../model/events';
import { parseLenientJson } from './lenientJson';
import type { Plain } from '../model/plain';
import { parsePyLiteral, pyToPlain } from './pyLiteral';

/** An event's payload as plain data: JSON as is, a Python repr parsed (non-literals kept as raw text). */
export function eventData(event: AgentEvent): Plain {
  if (event.dataSyntax === 'json') {
    const parsed = parseLenientJson(event.rawData);
    return parsed.ok ? (parsed.value as Plain) : { $raw: event.rawData }; // parsed JSON is plain data
  }
  return pyToPlain(parsePyLiteral(event.rawData));
}
