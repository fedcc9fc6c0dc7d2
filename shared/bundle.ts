/**
 * A bundle (`tracelens bundle`): what app/bundle.ts writes and the page (renderer/lib/bundle.ts)
 * reads, beside the page's own files: `bundle/manifest.json`, the run's files under
 * `bundle/files/`, and each event log's events as JSON lines under `bundle/events/`.
 */
import type { CallValues } from './contract';
import type { EventSummary } from './model/events';
import type { FileKind } from './parse/fileKind';

export const BUNDLE_FORMAT = 'tracelens-bundle/1';
/** The meta tag of a bundle's index.html that names its manifest: the page is then a bundle's. */
export const BUNDLE_META = 'tracelens-bundle';
/** An event's payload is cut to this many characters in a bundle (its whole length is said). */
export const BUNDLE_EVENT_PAYLOAD_CHARS = 16 * 1024;
/** Events of one log a bundle holds unless told otherwise (--max-events): the page holds them all. */
export const BUNDLE_MAX_EVENTS = 200_000;
/** Files larger than this are cut to it unless told otherwise (--max-file-mb). */
export const BUNDLE_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface BundledFile {
  /** Its size on disk when bundled, and when it was last written (epoch ms). */
  readonly size: number;
  readonly modifiedMs: number;
  /** What it is (an answer, a kernel, an error log, …), as the core's search says. */
  readonly kind: FileKind;
  /** The bytes of it in the bundle: all, its start (cut), or none (a binary other than an image). */
  readonly kept: number;
  readonly isBinary: boolean;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  /** When it was taken (ISO 8601): a bundle is a snapshot, it follows nothing. */
  readonly takenAt: string;
  readonly maxFileBytes: number;
  readonly snapshot: CallValues['tree.snapshot'];
  readonly summary: CallValues['runs.summary'];
  readonly integrity: CallValues['integrity.check'];
  readonly autopsy: CallValues['autopsy.run'];
  /** Every indexed file, by root-relative path. */
  readonly files: Readonly<Record<string, BundledFile>>;
  /** What is not in it whole, and why (cut, binary, not readable). */
  readonly leftOut: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  readonly eventLogs: Readonly<
    Record<
      string,
      {
        readonly file: string;
        /** Events in the bundle, of `total` in the log (the rest are left out: --max-events). */
        readonly count: number;
        readonly total: number;
        readonly summary: EventSummary;
        readonly cost: CallValues['events.cost'] | null;
      }
    >
  >;
}
