import { downloadBlob } from '../share/download';
import { useStore } from '../store';

/**
 * Makes a file and saves it; when making it fails (no canvas in a locked-down browser, an
 * image the browser will not decode, a drawing bug) the page's notice says so, instead of a
 * button that silently does nothing.
 */
export async function saveFile(name: string, make: () => Blob | Promise<Blob>): Promise<void> {
  try {
    downloadBlob(await make(), name);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    useStore.setState((s) => ({ problems: [...s.problems, { kind: 'download-failed', name, detail }] }));
  }
}
