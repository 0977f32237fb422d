/** The examples gallery: the data (./examples) and lookups. */
import { EXAMPLES } from './examples';
import type { Example, ExampleGroup } from './types';

export { EXAMPLES } from './examples';
export type { Example, ExampleGroup, Localized } from './types';

export function exampleById(id: string): Example | null {
  return EXAMPLES.find((e) => e.id === id) ?? null;
}

/** The example whose program is exactly `source` (e.g. opened from a link), or null. */
export function exampleWithSource(source: string): Example | null {
  return EXAMPLES.find((e) => e.code === source) ?? null;
}

export function examplesIn(group: ExampleGroup): Example[] {
  return EXAMPLES.filter((e) => e.group === group);
}
