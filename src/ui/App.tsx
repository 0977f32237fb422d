import { Editor } from './Editor';
import { ErrorMessage } from './ErrorMessage';
import { Notice } from './Notice';
import { OutputPanel } from './OutputPanel';
import { RunControls } from './RunControls';
import { RunStatus } from './RunStatus';

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
          {/*
            TRACE PANELS MOUNT HERE (timeline engineer): <TimelinePanel />, <StepControls />,
            <VariablesPanel />, <ObjectsTable />. They read trace, cursor, selectedObject and
            showAllObjects from the store; add their imports above.
          */}
        </section>
      </main>
      <section className="pane pane-output" aria-label="Output">
        <ErrorMessage />
        <OutputPanel />
      </section>
    </div>
  );
}
