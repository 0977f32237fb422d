import { useEffect, useLayoutEffect } from 'react';
import { useStore } from '../store';
import { useT } from './useT';
import { BytecodePanel } from './BytecodePanel';
import { Editor } from './Editor';
import { ErrorMessage } from './ErrorMessage';
import { ExampleExplanation } from './ExampleExplanation';
import { ExamplesMenu } from './ExamplesMenu';
import { LanguageSelect } from './LanguageSelect';
import { Notice } from './Notice';
import { OBJECTS_TABLE_ID, ObjectsTable } from './ObjectsTable';
import { OutputPanel } from './OutputPanel';
import { PanelTabs, usePanel } from './PanelTabs';
import { PresentToggle } from './PresentToggle';
import { PuzzleLine } from './PuzzleLine';
import { RunControls } from './RunControls';
import { RunOptions } from './RunOptions';
import { ReplayBadge } from './ReplayBadge';
import { RunStatus } from './RunStatus';
import { ShareMenu } from './ShareMenu';
import { Splitter } from './Splitter';
import { StepControls } from './StepControls';
import { TimelinePanel } from './TimelinePanel';
import { TraceDropZone, TraceFileMenu } from './TraceFile';
import { InspectPanel } from './InspectPanel';
import { KeysHelp } from './KeysHelp';
import './present.css';
import './share.css';
import './layout.css';

/**
 * The page layout. Panels own their state through the store; App only places them. Wide
 * screens show every panel at once; narrow ones (layout.css) one panel at a time, chosen
 * with the tabs, inside one screen's height so Run never scrolls away.
 */
export function App() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const present = useStore((s) => s.present);
  const [panel, setPanel] = usePanel();

  // The page's first view (./firstView) goes with the early editor's adoption (./Editor);
  // if there was no early editor, it goes here, before the app's first paint.
  useLayoutEffect(() => document.getElementById('early')?.remove(), []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <div className={present ? 'app present' : 'app'} data-present={present ? 'true' : undefined} data-panel={panel}>
      <header className="app-header">
        <h1 className="app-title">{t.app.title}</h1>
        <ExamplesMenu />
        <RunControls />
        <RunOptions />
        <RunStatus />
        <div className="app-header-end">
          {present ? (
            <span className="present-hint" title={t.present.keys}>
              {t.present.keys}
            </span>
          ) : null}
          <TraceFileMenu />
          <ShareMenu />
          <PresentToggle />
          <KeysHelp />
          <LanguageSelect />
        </div>
      </header>
      {/* Its own row under the header: the question and, for a recording, what is on screen. */}
      <div className="app-subheader">
        <ReplayBadge />
        <PuzzleLine />
      </div>
      <Notice />
      <main className="app-main">
        <section className="pane pane-editor" aria-label={t.app.program}>
          <div className="editor-column">
            <ExampleExplanation />
            <Editor />
            <BytecodePanel />
          </div>
        </section>
        <Splitter kind="editor" />
        <section className="pane pane-trace" aria-label={t.app.trace}>
          <div className="trace-panels">
            <TimelinePanel textEquivalent={OBJECTS_TABLE_ID} />
            <StepControls />
            <div className="trace-inspect">
              <InspectPanel />
              <ObjectsTable />
            </div>
          </div>
        </section>
      </main>
      <Splitter kind="output" />
      <section className="pane pane-output" aria-label={t.app.output}>
        <ErrorMessage />
        <OutputPanel />
      </section>
      <PanelTabs panel={panel} onPanel={setPanel} />
      <TraceDropZone />
    </div>
  );
}
