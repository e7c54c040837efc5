import { type RandomSource, seededRandom } from '../random.js';

/** Makes resource ids. */
export interface IdGenerator {
  /** A new random-looking UUID (version 4 layout, RFC 9562 §5.4). */
  uuid(): string;
  /** A short lowercase alphanumeric code, e.g. for a share's short URL. */
  code(length: number): string;
}

const HEX = '0123456789abcdef';
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Ids drawn from a PRNG seeded with `idSeed`, so the same seed and the same calls give the same ids on every
 * run. It is a stream of its own: drawing ids never shifts the fault-probability stream (`options.random`).
 */
export function createIdGenerator(idSeed: number): IdGenerator {
  const random: RandomSource = seededRandom(idSeed);
  const word = () => Math.floor(random() * 0x1_0000_0000) >>> 0;
  return {
    uuid() {
      const bytes = new Uint8Array(16);
      for (let index = 0; index < 16; index += 4) {
        const value = word();
        bytes[index] = value >>> 24;
        bytes[index + 1] = (value >>> 16) & 0xff;
        bytes[index + 2] = (value >>> 8) & 0xff;
        bytes[index + 3] = value & 0xff;
      }
      // Version 4 and the RFC 9562 variant, so validators checking the UUID layout accept the ids.
      bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
      bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
      let hex = '';
      for (const byte of bytes) hex += (HEX[byte >>> 4] as string) + (HEX[byte & 0x0f] as string);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
    code(length) {
      let code = '';
      for (let index = 0; index < length; index++) {
        code += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length)] as string;
      }
      return code;
    },
  };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` has the UUID layout (any version). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
