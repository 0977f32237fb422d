import { useEffect } from 'react';
import { useStore } from '../store';
import { useT } from '../i18n/useT';
import { BytecodePanel } from './BytecodePanel';
import { Editor } from './Editor';
import { ErrorMessage } from './ErrorMessage';
import { ExampleExplanation } from './ExampleExplanation';
import { ExamplesMenu } from './ExamplesMenu';
import { LanguageSelect } from './LanguageSelect';
import { Notice } from './Notice';
import { ObjectsTable } from './ObjectsTable';
import { OutputPanel } from './OutputPanel';
import { PresentToggle } from './PresentToggle';
import { RunControls } from './RunControls';
import { ReplayBadge } from './ReplayBadge';
import { RunStatus } from './RunStatus';
import { ShareMenu } from './ShareMenu';
import { StepControls } from './StepControls';
import { TimelinePanel } from './TimelinePanel';
import { TraceDropZone, TraceFileMenu } from './TraceFile';
import { VariablesPanel } from './VariablesPanel';
import './present.css';
import './share.css';

/** The page layout. Panels own their state through the store; App only places them. */
export function App() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const present = useStore((s) => s.present);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <div className={present ? 'app present' : 'app'} data-present={present ? 'true' : undefined}>
      <header className="app-header">
        <h1 className="app-title">{t.app.title}</h1>
        <ExamplesMenu />
        <RunControls />
        <RunStatus />
        <ReplayBadge />
        <div className="app-header-end">
          {present ? <span className="present-hint">{t.present.keys}</span> : null}
          <TraceFileMenu />
          <ShareMenu />
          <PresentToggle />
          <LanguageSelect />
        </div>
      </header>
      <Notice />
      <main className="app-main">
        <section className="pane pane-editor" aria-label={t.app.program}>
          <div className="editor-column">
            <ExampleExplanation />
            <Editor />
            <BytecodePanel />
          </div>
        </section>
        <section className="pane pane-trace" aria-label={t.app.trace}>
          <div className="trace-panels">
            <TimelinePanel />
            <StepControls />
            <div className="trace-inspect">
              <VariablesPanel />
              <ObjectsTable />
            </div>
          </div>
        </section>
      </main>
      <section className="pane pane-output" aria-label={t.app.output}>
        <ErrorMessage />
        <OutputPanel />
      </section>
      <TraceDropZone />
    </div>
  );
}
