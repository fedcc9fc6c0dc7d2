import { useEffect, useState } from 'react';
import type { CallArgs, CallName, CallValue } from '../../shared/contract';
import type { AppError } from '../../shared/model/result';
import { api } from './api';

/** `args`: the arguments `value` answers (the newest question may still be on its way). */
export type CallState<T, A = unknown> = { readonly value: T | null; readonly error: AppError | null; readonly args: A | null };

/**
 * The value of a host call, asked again whenever its arguments (compared as JSON) or `version`
 * change; an answer that arrives after a newer question is dropped. Null args: no call.
 */
export function useCall<K extends CallName>(name: K, args: CallArgs<K> | null, version: unknown = 0): CallState<CallValue<K>, CallArgs<K>> {
  const [state, setState] = useState<CallState<CallValue<K>, CallArgs<K>>>({ value: null, error: null, args: null });
  const key = args === null ? null : JSON.stringify(args);
  useEffect(() => {
    if (key === null) return;
    let isCurrent = true;
    const asked = JSON.parse(key) as CallArgs<K>;
    void api.call(name, asked).then((result) => {
      if (!isCurrent) return;
      setState(result.ok ? { value: result.value, error: null, args: asked } : { value: null, error: result.error, args: asked });
    });
    return () => {
      isCurrent = false;
    };
  }, [name, key, version]);
  return state;
}
