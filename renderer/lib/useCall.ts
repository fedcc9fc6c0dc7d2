import { useEffect, useState } from 'react';
import type { CallArgs, CallName, CallValue } from '../../shared/contract';
import type { AppError } from '../../shared/model/result';
import { api } from './api';

export type CallState<T> = { readonly value: T | null; readonly error: AppError | null };

/**
 * The value of a host call, asked again whenever its arguments (compared as JSON) or `version`
 * change; an answer that arrives after a newer question is dropped. Null args: no call.
 */
export function useCall<K extends CallName>(name: K, args: CallArgs<K> | null, version: unknown = 0): CallState<CallValue<K>> {
  const [state, setState] = useState<CallState<CallValue<K>>>({ value: null, error: null });
  const key = args === null ? null : JSON.stringify(args);
  useEffect(() => {
    if (key === null) return;
    let isCurrent = true;
    void api.call(name, JSON.parse(key) as CallArgs<K>).then((result) => {
      if (!isCurrent) return;
      setState(result.ok ? { value: result.value, error: null } : { value: null, error: result.error });
    });
    return () => {
      isCurrent = false;
    };
  }, [name, key, version]);
  return state;
}
