// Where a replay's recorded calls come from: a calls.jsonl file (and, with the evidence pack, a pack).
import { readRecording, type Recording } from './recording.js';

export function loadRecording(path: string): Recording {
  return readRecording(path);
}
