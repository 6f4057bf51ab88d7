/**
 * The work-site map's tile address: none by default (the console draws a grid), a
 * configured XYZ template handed to the console as is, and a template without its
 * placeholders refused when the server starts.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config.js';
import { call, login, startServer } from '../../test-support/http-fixtures.js';

describe('the map tile address', () => {
  it('defaults to none and refuses a template without {z}, {x} and {y}', () => {
    expect(loadConfig({}, process.cwd()).mapTileUrl).toBeNull();
    const ok = 'https://tiles.pemkab.example/{z}/{x}/{y}.png';
    expect(loadConfig({ HADIR_MAP_TILE_URL: ok }, process.cwd()).mapTileUrl).toBe(ok);
    expect(() =>
      loadConfig({ HADIR_MAP_TILE_URL: 'https://tiles.pemkab.example/{z}.png' }, process.cwd()),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ HADIR_MAP_TILE_URL: 'file:///{z}/{x}/{y}' }, process.cwd())).toThrow(
      ConfigError,
    );
  });

  it('is handed to admins by GET /console/map', async () => {
    const tileUrl = 'https://tiles.pemkab.example/{z}/{x}/{y}.png';
    const s = await startServer('sqlite', { config: { mapTileUrl: tileUrl } });
    try {
      const admin = await login(s.url, 'admin.dinkes');
      const r = await call<{ tileUrl: string | null }>(s.url, 'GET', '/api/v1/console/map', {
        token: admin.token,
      });
      expect(r.body).toEqual({ tileUrl });
    } finally {
      await s.close();
    }
  });
});
