// three.js objects for the surface: the coloured mesh, contour lines on it, minimum markers.
import * as THREE from 'three';
import type { Contours } from '../geometry/contours';
import type { HeightScale } from '../geometry/heightScale';
import type { SurfaceGeometry } from '../geometry/surfaceGeometry';
import { HEIGHT, type WorldMapping } from '../geometry/worldMapping';

/** Our colormap is written in sRGB; three lights in linear space (the sRGB transfer curve). */
function toLinear(srgb: Float32Array): Float32Array {
  const out = new Float32Array(srgb.length);
  for (let i = 0; i < srgb.length; i++) {
    const c = srgb[i];
    out[i] = c < 0.04045 ? c * 0.0773993808 : Math.pow(c * 0.9478672986 + 0.0521327014, 2.4);
  }
  return out;
}

export function surfaceMesh(g: SurfaceGeometry): THREE.Mesh {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(g.positions, 3));
  geometry.setAttribute('normal', new THREE.BufferAttribute(g.normals, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(toLinear(g.colors), 3));
  geometry.setIndex(new THREE.BufferAttribute(g.indices, 1));
  geometry.computeBoundingSphere();
  const material = new THREE.MeshLambertMaterial({
    vertexColors: true,
    side: THREE.DoubleSide,
    // Pushed back a little so contours and trails lying on it win the depth test.
    polygonOffset: true,
    polygonOffsetFactor: 1,
    polygonOffsetUnits: 1,
  });
  return new THREE.Mesh(geometry, material);
}

/** Contours as line segments draped on the surface: light on the dark low ground, dark on the pale heights. */
export function contourLines(c: Contours, map: WorldMapping, scale: HeightScale): THREE.LineSegments {
  const positions = new Float32Array(c.count * 6);
  const colors = new Float32Array(c.count * 6);
  for (let s = 0; s < c.count; s++) {
    const t = scale.toUnit(c.levels[c.levelOf[s]]);
    const z = t * HEIGHT + 0.003;
    const shade = t > 0.62 ? 0.08 : 1;
    positions.set([map.toX(c.segments[s * 4]), map.toY(c.segments[s * 4 + 1]), z, map.toX(c.segments[s * 4 + 2]), map.toY(c.segments[s * 4 + 3]), z], s * 6);
    colors.fill(shade, s * 6, s * 6 + 6);
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  return new THREE.LineSegments(geometry, new THREE.LineBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.42 }));
}

/** The window's outline on the floor, so the surface does not float in nothing. */
export function floorFrame(map: WorldMapping): THREE.Group {
  const group = new THREE.Group();
  const w = map.halfWidth;
  const d = map.halfDepth;
  const grid = new THREE.GridHelper(2, 10, 0xc5cad6, 0xdde1e8);
  grid.rotation.x = Math.PI / 2;
  grid.scale.set(w, 1, d);
  grid.position.z = -0.002;
  group.add(grid);
  const outline = new THREE.LineLoop(
    new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(-w, -d, 0), new THREE.Vector3(w, -d, 0), new THREE.Vector3(w, d, 0), new THREE.Vector3(-w, d, 0)]),
    new THREE.LineBasicMaterial({ color: 0x9aa3b2 }),
  );
  group.add(outline);
  return group;
}

/** A gold diamond on each known minimum. */
export function minimumMarkers(points: readonly Float32Array[]): THREE.Group {
  const group = new THREE.Group();
  const geometry = new THREE.OctahedronGeometry(0.032);
  const material = new THREE.MeshLambertMaterial({ color: 0xffd43b, emissive: 0x6b4f00 });
  for (const p of points) {
    const m = new THREE.Mesh(geometry, material);
    m.position.set(p[0], p[1], p[2] + 0.03);
    m.scale.z = 1.5;
    group.add(m);
  }
  return group;
}

export function disposeObject(obj: THREE.Object3D): void {
  obj.traverse((o) => {
    const mesh = o as THREE.Mesh;
    mesh.geometry?.dispose();
    const mat = mesh.material as THREE.Material | THREE.Material[] | undefined;
    if (Array.isArray(mat)) mat.forEach((m) => m.dispose());
    else mat?.dispose();
  });
}
