import { useLayoutEffect, useRef } from 'react';
import { createProgramEditor, takeEarlyEditor } from './programEditor';

/**
 * The program editor (./programEditor), usable before Python has loaded. At start-up the
 * page shows an editor before React has loaded (./earlyEditor); this component adopts it,
 * moving it into place before the browser paints, with its text, selection and focus.
 */
export function Editor() {
  const host = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const early = takeEarlyEditor();
    const editor = early?.editor ?? createProgramEditor(parent);
    if (early) {
      const focused = editor.view.hasFocus;
      parent.appendChild(editor.view.dom);
      if (focused) editor.view.focus();
      early.adopted();
    }
    return () => editor.destroy();
  }, []);

  return <div className="editor" ref={host} data-testid="editor" />;
}
