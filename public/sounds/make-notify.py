#!/usr/bin/env python3
"""Generates notify.wav: a short, soft two-tone chime (~0.3 s, 22.05 kHz, 16-bit mono).

Run from this folder: python3 make-notify.py  (only the standard library is needed)
"""
import math
import struct
import wave

RATE = 22050
TONES = [(880.0, 0.13), (1318.5, 0.17)]  # A5 then E6: a rising fifth
VOLUME = 0.35


def tone(freq: float, seconds: float) -> list[float]:
    n = int(RATE * seconds)
    attack = int(RATE * 0.008)
    out = []
    for i in range(n):
        t = i / RATE
        # soft attack, exponential decay; a quiet octave overtone makes it bell-like
        env = min(1.0, i / attack) * math.exp(-t * 14.0)
        s = math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(2 * math.pi * 2 * freq * t)
        out.append(env * s / 1.25)
    return out


def main() -> None:
    samples: list[float] = []
    for freq, seconds in TONES:
        samples += tone(freq, seconds)
    fade = int(RATE * 0.01)
    for i in range(fade):  # no click at the end
        samples[-1 - i] *= i / fade
    with wave.open("notify.wav", "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s * VOLUME)) * 32767)) for s in samples))


if __name__ == "__main__":
    main()
