// The 3-D race view, imperative three.js behind a small API. It renders on demand: after a
// camera move, a new surface, or a playback step — never in an idle loop.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { contourLines, disposeObject, floorFrame, minimumMarkers, surfaceMesh } from './surfaceObjects';
import { TrailObject, type TrailInput } from './trailObjects';
import type { Contours } from '../geometry/contours';
import type { HeightScale } from '../geometry/heightScale';
import type { SurfaceGeometry } from '../geometry/surfaceGeometry';
import type { WorldMapping } from '../geometry/worldMapping';

export interface SceneSurface {
  geometry: SurfaceGeometry;
  contours: Contours;
  map: WorldMapping;
  scale: HeightScale;
  /** World positions of the known minima. */
  minima: Float32Array[];
}

export class RaceScene {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(38, 1, 0.01, 100);
  private readonly controls: OrbitControls;
  private readonly resolution = new THREE.Vector2(1, 1);
  private surfaceGroup: THREE.Group | null = null;
  private mesh: THREE.Mesh | null = null;
  private trails: TrailObject[] = [];
  private readonly start: THREE.Mesh;
  private step = 0;
  private frame = 0;
  private readonly raycaster = new THREE.Raycaster();

  constructor(readonly canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: false });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.renderer.setClearColor(0xf7f8fa);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(1.75, -2.55, 2.05);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.target.set(0, 0, 0.25);
    this.controls.minDistance = 0.6;
    this.controls.maxDistance = 8;
    this.controls.screenSpacePanning = true;
    this.controls.update();
    this.controls.addEventListener('change', () => this.requestRender());

    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x5c6680, 1.5));
    const sun = new THREE.DirectionalLight(0xffffff, 1.5);
    sun.position.set(1.5, -1, 3);
    this.scene.add(sun);

    this.start = new THREE.Mesh(new THREE.SphereGeometry(0.034, 20, 14), new THREE.MeshLambertMaterial({ color: 0xffffff, emissive: 0x666666 }));
    const ring = new THREE.Mesh(new THREE.TorusGeometry(0.05, 0.008, 8, 32), new THREE.MeshBasicMaterial({ color: 0x1f2430 }));
    this.start.add(ring);
    this.scene.add(this.start);
  }

  setSurface(s: SceneSurface): void {
    if (this.surfaceGroup) {
      this.scene.remove(this.surfaceGroup);
      disposeObject(this.surfaceGroup);
    }
    const group = new THREE.Group();
    this.mesh = surfaceMesh(s.geometry);
    group.add(this.mesh, contourLines(s.contours, s.map, s.scale), floorFrame(s.map), minimumMarkers(s.minima));
    this.surfaceGroup = group;
    this.scene.add(group);
    this.requestRender();
  }

  setStart(p: Float32Array): void {
    this.start.position.set(p[0], p[1], p[2] + 0.015);
    this.requestRender();
  }

  setTrails(inputs: readonly TrailInput[]): void {
    for (const t of this.trails) {
      this.scene.remove(t.group);
      t.dispose();
    }
    this.trails = inputs.map((input) => {
      const t = new TrailObject(input, this.resolution);
      this.scene.add(t.group);
      t.show(this.step);
      return t;
    });
    this.requestRender();
  }

  showStep(step: number): void {
    this.step = step;
    for (const t of this.trails) t.show(step);
    this.requestRender();
  }

  resize(width: number, height: number): void {
    if (width < 1 || height < 1) return; // hidden tab
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.resolution.set(width, height);
    for (const t of this.trails) t.setResolution(width, height);
    this.requestRender();
  }

  requestRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  /** World (X, Y) of the surface under a page point, or null. */
  pick(clientX: number, clientY: number): { X: number; Y: number } | null {
    if (!this.mesh) return null;
    const r = this.canvas.getBoundingClientRect();
    const ndc = new THREE.Vector2(((clientX - r.left) / r.width) * 2 - 1, -((clientY - r.top) / r.height) * 2 + 1);
    this.raycaster.setFromCamera(ndc, this.camera);
    const hit = this.raycaster.intersectObject(this.mesh, false)[0];
    return hit ? { X: hit.point.x, Y: hit.point.y } : null;
  }

  /** The current picture as a PNG data URL (rendered now, read before the buffer is cleared). */
  toPng(): string {
    this.render();
    return this.canvas.toDataURL('image/png');
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.controls.dispose();
    for (const t of this.trails) t.dispose();
    if (this.surfaceGroup) disposeObject(this.surfaceGroup);
    disposeObject(this.start);
    this.renderer.dispose();
  }
}
