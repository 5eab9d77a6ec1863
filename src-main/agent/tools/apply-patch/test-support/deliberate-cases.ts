/**
 * The differential cases where Flotilla's apply_patch differs from Codex's on purpose
 * (docs/apply-patch.md): all or nothing, confinement to the worktree and away from .git, and a
 * same-path move that keeps the file. Each says what Flotilla does instead.
 */
import { A, begin, type DiffCase } from './differential-cases';

export const DELIBERATE_CASES: DiffCase[] = [
  {
    name: 'failure after an applied file',
    before: { 'a.txt': A },
    patch: begin('*** Add File: new.txt', '+n', '*** Update File: a.txt', '@@', '-nope', '+x'),
    deliberate: { why: 'all-or-nothing: Codex keeps the files it wrote before the failure', flotilla: 'fails-unchanged' },
  },
  {
    name: 'delete then fail',
    before: { 'a.txt': A, 'b.txt': 'b\n' },
    patch: begin('*** Delete File: b.txt', '*** Update File: missing.txt', '@@', '-x', '+y'),
    deliberate: { why: 'all-or-nothing: Codex has already deleted b.txt', flotilla: 'fails-unchanged' },
  },
  {
    name: 'update a moved-away path',
    before: { 'a.txt': A },
    patch: begin('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-one', '+1', '*** Update File: a.txt', '@@', '-two', '+2'),
    deliberate: { why: 'all-or-nothing: Codex has already made the move', flotilla: 'fails-unchanged' },
  },
  {
    name: 'add outside the worktree',
    before: {},
    patch: begin('*** Add File: ../outside.txt', '+x'),
    deliberate: { why: 'confinement: Codex writes outside its working directory', flotilla: 'fails-unchanged' },
  },
  {
    name: 'move outside the worktree',
    before: { 'a.txt': A },
    patch: begin('*** Update File: a.txt', '*** Move to: ../moved.txt', '@@', '-one', '+1'),
    deliberate: { why: 'confinement: Codex moves the file out of its working directory', flotilla: 'fails-unchanged' },
  },
  {
    name: 'add through a dangling symlink that leads out of the worktree',
    before: { 'a.txt': A },
    links: { 'out.txt': '../outside.txt' },
    patch: begin('*** Add File: out.txt', '+escaped'),
    deliberate: {
      why: 'confinement: Codex creates the file outside through the link; Flotilla replaces the link with the file',
      flotilla: { 'a.txt': A, 'out.txt': 'escaped\n' },
    },
  },
  {
    name: 'add through a symlinked directory that leads out of the worktree',
    before: { 'a.txt': A },
    links: { up: '..' },
    patch: begin('*** Add File: up/escaped.txt', '+escaped'),
    deliberate: { why: 'confinement: Codex writes through the link, outside its working directory', flotilla: 'fails-unchanged' },
  },
  {
    name: 'add into .git',
    before: { '.git/HEAD': 'ref: refs/heads/main\n' },
    patch: begin('*** Add File: .git/hooks/pre-commit', '+#!/bin/sh'),
    deliberate: { why: 'confinement: Codex writes into .git', flotilla: 'fails-unchanged' },
  },
  {
    name: 'move to the same path',
    before: { 'a.txt': A },
    patch: begin('*** Update File: a.txt', '*** Move to: a.txt', '@@', '-one', '+1'),
    deliberate: { why: 'a same-path move keeps the file; Codex writes it, then deletes it', flotilla: { 'a.txt': '1\ntwo\nthree\n' } },
  },
];
