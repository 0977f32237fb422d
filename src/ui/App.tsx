import { Editor } from './Editor';
import { ErrorMessage } from './ErrorMessage';
import { Notice } from './Notice';
import { ObjectsTable } from './ObjectsTable';
import { OutputPanel } from './OutputPanel';
import { RunControls } from './RunControls';
import { RunStatus } from './RunStatus';
import { StepControls } from './StepControls';
import { TimelinePanel } from './TimelinePanel';
import { VariablesPanel } from './VariablesPanel';

/** The page layout. Panels own their state through the store; App only places them. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Refscope</h1>
        <RunControls />
        <RunStatus />
      </header>
      <Notice />
      <main className="app-main">
        <section className="pane pane-editor" aria-label="Program">
          <Editor />
        </section>
        <section className="pane pane-trace" aria-label="Memory timeline">
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
      <section className="pane pane-output" aria-label="Output">
        <ErrorMessage />
        <OutputPanel />
      </section>
    </div>
  );
}
