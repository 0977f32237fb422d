/**
 * A fresh store for each test: every slice back to the state a new page starts with, so a
 * test arranges only what it is about instead of resetting a hand-picked part of what the
 * previous test left. (The runtime a test connects is its own to disconnect.)
 */
import { useStore } from '../../src/store';

export function freshStore(): void {
  useStore.setState(useStore.getInitialState(), true);
}
