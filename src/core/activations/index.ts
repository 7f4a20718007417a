import { linear } from './linear';
import { relu } from './relu';
import { sigmoid } from './sigmoid';
import { softmax } from './softmax';
import { tanh } from './tanh';
import type { Activation } from './types';

export type { Activation } from './types';

const table: Record<string, Activation> = { linear, sigmoid, tanh, relu, softmax };

/** Activation names, in the order the inspector lists them. */
export const ACTIVATIONS: readonly string[] = ['linear', 'sigmoid', 'tanh', 'relu', 'softmax'];

export function getActivation(name: string): Activation | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}
