import { lazy, Suspense, useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Header } from './layout/Header';
import { StatusBar } from './layout/StatusBar';
import { Palette } from './palette/Palette';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './inspector/Inspector';
import { TrainingPanel } from './training/TrainingPanel';
import { TrainingOutput } from './training/TrainingOutput';
import { connectTrainEvents } from './training/trainingController';
import { ViewTabs, type MainView } from './race/ViewTabs';
import { SummaryView } from './summary/SummaryView';

// three.js and mathjs load only when the race is first opened.
const RaceView = lazy(() => import('./race/RaceView').then((m) => ({ default: m.RaceView })));

export function App() {
  useEffect(() => connectTrainEvents(), []);
  const [view, setView] = useState<MainView>('network');
  const [raceOpened, setRaceOpened] = useState(false);
  const show = (v: MainView) => {
    if (v === 'race') setRaceOpened(true);
    setView(v);
  };
  return (
    <ReactFlowProvider>
      <div className="app">
        <Header />
        <div className="main-area">
          <ViewTabs view={view} onChange={show} />
          {/* Both views stay mounted once opened: switching keeps the network canvas and the race's WebGL context. */}
          <div className="workspace" hidden={view !== 'network'}>
            <Palette />
            <main className="centre">
              <Canvas />
              <TrainingOutput />
            </main>
            <aside className="side-panel">
              <Inspector />
              <TrainingPanel />
            </aside>
          </div>
          {view === 'summary' && (
            <div className="summary-host">
              <SummaryView onShowNetwork={() => setView('network')} />
            </div>
          )}
          {raceOpened && (
            <div className="race-host" hidden={view !== 'race'}>
              <Suspense fallback={null}>
                <RaceView />
              </Suspense>
            </div>
          )}
        </div>
        <StatusBar />
      </div>
    </ReactFlowProvider>
  );
}
