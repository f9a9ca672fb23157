/**
 * Generated fixtures for the store tests: an fplane file shaped like HETDEX's (IHMP
 * seats `CCR` for column 01–10 and row 1–9, the `000 … 900 900 900` placeholder, LRS2
 * in 056/066, HRS/HPF placeholders with ids ≥ 900, empty seats, commented-out seats),
 * and child-process scripts that write to a database.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export const REPO = new URL('../../../', import.meta.url).pathname;

export type SeatKind = 'virus' | 'inactive' | 'empty' | 'lrs2' | 'placeholder';

export interface FixtureSeat {
  slot: string;
  x: number;
  y: number;
  specid: string;
  specslot: string;
  ifuid: string;
  ifurot: number;
  platesc: number;
  kind: SeatKind;
  /** Written with a leading '#' in the fixture file. */
  commented: boolean;
}

export const FIXTURE_HEADER = [
  '# fplane file for the NightDeck store tests',
  '# X_FP, Y_FP in arcsec',
  '# IFUSLOT X_FP Y_FP SPECID SPECSLOT IFUID IFUROT PLATESC',
];

/** A deterministic HETDEX-like focal plane; `variant` shifts ids so configurations differ. */
export function makeSeats(variant = 0): FixtureSeat[] {
  const seats: FixtureSeat[] = [
    { slot: '000', x: 0, y: 0, specid: '900', specslot: '900', ifuid: '900', ifurot: 0, platesc: 1, kind: 'placeholder', commented: false },
  ];
  let n = 0;
  for (let col = 1; col <= 10; col++) {
    for (let row = 1; row <= 9; row++) {
      n++;
      const slot = `${String(col).padStart(2, '0')}${row}`;
      const x = (col - 5.5) * 100 + (n % 7) * 0.0625; // some exact fractions to test rounding to 3 decimals
      const y = (5 - row) * 100 - (n % 5) * 0.125;
      const id = String(((n + variant * 3) % 99) + 1).padStart(3, '0');
      let kind: SeatKind = 'virus';
      if (slot === '056' || slot === '066') kind = 'lrs2';
      else if (n % 17 === 0) kind = 'empty';
      else if (n % 11 === 0) kind = 'inactive';
      else if (n % 23 === 0) kind = 'placeholder';
      const seat: FixtureSeat = {
        slot,
        x,
        y,
        specid: kind === 'empty' ? '000' : kind === 'placeholder' ? String(900 + (n % 90)) : id,
        specslot: kind === 'placeholder' ? '9' + String(n % 100).padStart(2, '0') : id,
        ifuid: kind === 'empty' ? '000' : kind === 'lrs2' ? (slot === '056' ? '503' : '502') : id,
        ifurot: n % 4 === 0 ? 180 : 0,
        platesc: 1 + (n % 3) * 0.005,
        kind,
        commented: kind === 'inactive' || kind === 'empty' || (kind === 'placeholder' && n % 2 === 0),
      };
      seats.push(seat);
    }
  }
  return seats;
}

/** The file as a person would write it: spaces, one decimal where it suffices. */
export function seatsToText(seats: FixtureSeat[], header = FIXTURE_HEADER): string {
  const lines = [...header];
  for (const s of seats) {
    lines.push(`${s.commented ? '#' : ''}${s.slot}  ${s.x}  ${s.y}  ${s.specid} ${s.specslot}  ${s.ifuid}  ${s.ifurot}  ${s.platesc}`);
  }
  return lines.join('\n') + '\n';
}

export function isActiveVirusSeat(s: FixtureSeat): boolean {
  return s.kind === 'virus';
}

/**
 * Writes a child script into `dir` and starts it with tsx from the repository (so its
 * imports of the store resolve), stdout piped. `body` runs with `args` = extra argv.
 */
export function startChild(dir: string, name: string, body: string, args: string[]): ChildProcess {
  const file = join(dir, `${name}.mts`);
  const store = join(REPO, 'electron/host/store');
  writeFileSync(
    file,
    `import { openDatabase } from '${store}/db.ts';\n` +
      `import { FplaneStore } from '${store}/fplane.ts';\n` +
      `import { Catalogue } from '${store}/catalogue.ts';\n` +
      `import { readFileSync, writeSync } from 'node:fs';\n` +
      `const args = process.argv.slice(2);\n` +
      body,
  );
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves when the child prints `marker` on stdout. */
export function waitForOutput(child: ChildProcess, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before '${marker}': ${err}`)));
  });
}

export function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}
