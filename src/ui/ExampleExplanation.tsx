import { exampleById } from '../examples';
import { useStore } from '../store';
import { useT } from './useT';
import './teaching.css';

/** What to look for in the example in the editor, in the UI's language; hidden for other programs. */
export function ExampleExplanation() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const example = useStore((s) => (s.exampleId ? exampleById(s.exampleId) : null));
  const setExampleId = useStore((s) => s.setExampleId);
  const edited = useStore((s) => example !== null && s.source !== example.code);
  if (!example) return null;
  return (
    <aside className="example-explanation" data-testid="example-explanation" data-example={example.id} aria-label={t.examples.about}>
      <div className="example-head">
        <h2 className="panel-title">{example.title[lang]}</h2>
        <span className="tl-muted example-ends">{edited ? t.examples.edited : t.examples.ends[example.ends]}</span>
        <button type="button" className="button button-small" onClick={() => setExampleId(null)} aria-label={t.examples.hide} title={t.examples.hide}>
          ×
        </button>
      </div>
      <p>{example.explanation[lang]}</p>
    </aside>
  );
}
