/** Every failure a caller can be shown; a closed union so the UI can word each one. */
export type ErrorCode = 'not-found' | 'permission-denied' | 'outside-root' | 'invalid-argument' | 'not-a-directory' | 'too-large' | 'io-error';

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
