import type { NetloomApi } from '../../shared/api';
import { createWebApi } from './webApi';

let api: NetloomApi | null = null;

/** The desktop preload's window.netloom when present, otherwise the HTTP client of the browser build. */
export function getApi(): NetloomApi {
  if (!api) api = window.netloom ?? createWebApi();
  return api;
}
