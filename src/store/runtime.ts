/**
 * The runtime's lifecycle: how this page makes a Python client, and starting one for the
 * store's seed. A page that opens on a replay starts none until the reader presses Run.
 */
import type { PythonClient } from '../runtime/client';
import { connectRuntime, setRuntimeStarter } from './actions';
import { useStore } from './store';

let factory: ((seed: number) => PythonClient) | null = null;
let connected: { seed: number; disconnect: () => void } | null = null;

/**
 * How this page makes a runtime client (for a seed). Nothing starts until a link asks for a
 * live page (`openLink`) or the reader presses Run. `null` disconnects the runtime.
 */
export function setRuntimeFactory(make: ((seed: number) => PythonClient) | null): void {
  factory = make;
  setRuntimeStarter(make ? startRuntime : null);
  if (!make) {
    connected?.disconnect();
    connected = null;
  }
}

/** Connects a runtime for the store's seed, unless one with that seed is connected already. */
export function startRuntime(): void {
  const seed = useStore.getState().seed;
  if (!factory || connected?.seed === seed) return;
  connected?.disconnect();
  connected = { seed, disconnect: connectRuntime(factory(seed)) };
}
