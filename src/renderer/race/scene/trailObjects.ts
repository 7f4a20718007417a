// One optimizer in the 3-D scene: a thick trail (Line2) drawn up to the playback step by
// changing its instance count, and a ball at the current position. Nothing is rebuilt per frame.
import * as THREE from 'three';
import { Line2 } from 'three/examples/jsm/lines/Line2.js';
import { LineGeometry } from 'three/examples/jsm/lines/LineGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';

export interface TrailInput {
  color: string;
  /** (X, Y, Z) per trajectory row. */
  positions: Float32Array;
}

export class TrailObject {
  readonly group = new THREE.Group();
  private readonly line: Line2;
  private readonly geometry = new LineGeometry();
  private readonly ball: THREE.Mesh;
  private readonly rows: number;

  constructor(private readonly input: TrailInput, resolution: THREE.Vector2) {
    this.rows = input.positions.length / 3;
    // LineGeometry needs two points; a run of one row is a zero-length segment.
    const pts = this.rows > 1 ? input.positions : Float32Array.of(...input.positions, ...input.positions);
    this.geometry.setPositions(pts);
    const material = new LineMaterial({ color: new THREE.Color(input.color), linewidth: 3, resolution });
    this.line = new Line2(this.geometry, material);
    this.line.computeLineDistances();
    this.ball = new THREE.Mesh(new THREE.SphereGeometry(0.03, 20, 14), new THREE.MeshLambertMaterial({ color: input.color, emissive: new THREE.Color(input.color).multiplyScalar(0.35) }));
    this.group.add(this.line, this.ball);
  }

  /** Shows rows 0 … step (clamped to the run's end). */
  show(step: number): void {
    const k = Math.max(0, Math.min(step, this.rows - 1));
    this.geometry.instanceCount = k;
    const p = this.input.positions;
    this.ball.position.set(p[k * 3], p[k * 3 + 1], p[k * 3 + 2] + 0.012);
  }

  setResolution(w: number, h: number): void {
    (this.line.material as LineMaterial).resolution.set(w, h);
  }

  dispose(): void {
    this.geometry.dispose();
    (this.line.material as LineMaterial).dispose();
    this.ball.geometry.dispose();
    (this.ball.material as THREE.Material).dispose();
  }
}
