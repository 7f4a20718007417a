import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Header } from './layout/Header';
import { StatusBar } from './layout/StatusBar';
import { Palette } from './palette/Palette';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './inspector/Inspector';
import { TrainingPanel } from './training/TrainingPanel';
import { TrainingOutput } from './training/TrainingOutput';
import { connectTrainEvents } from './training/trainingController';

export function App() {
  useEffect(() => connectTrainEvents(), []);
  return (
    <ReactFlowProvider>
      <div className="app">
        <Header />
        <div className="workspace">
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
        <StatusBar />
      </div>
    </ReactFlowProvider>
  );
}
