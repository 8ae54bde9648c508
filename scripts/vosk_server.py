"""A local vosk-server: alphacep's WebSocket protocol around the `vosk` Python package.

Protocol (as alphacep/vosk-server's websocket server documents it): an optional text message
{"config": {"sample_rate": 8000}}, then binary PCM16 mono audio, each message answered with
{"partial": "..."} or, at an endpoint, {"text": "...", "result": [...]}; {"eof" : 1} is answered
with the final result and the socket is closed. Binds 127.0.0.1 only.

Usage: python3 vosk_server.py MODEL_DIR PORT_FILE   (the chosen port is written to PORT_FILE)

VOSK_SERVER_SEED=N seeds the C library's rand() for every new recognizer: Kaldi dithers features
with it, so tests comparing texts with the Python binding get the same noise on both sides.
"""
import asyncio
import ctypes
import json
import os
import sys

import websockets
from vosk import KaldiRecognizer, Model, SetLogLevel


def main() -> None:
    SetLogLevel(-1)
    model = Model(sys.argv[1])
    port_file = sys.argv[2]
    seed = os.environ.get("VOSK_SERVER_SEED")
    libc = ctypes.CDLL(None)

    def new_recognizer(sample_rate: float) -> KaldiRecognizer:
        if seed is not None:
            libc.srand(int(seed))
        recognizer = KaldiRecognizer(model, sample_rate)
        recognizer.SetWords(True)
        return recognizer

    async def recognize(connection) -> None:
        loop = asyncio.get_running_loop()
        sample_rate = 8000.0
        recognizer = None
        async for message in connection:
            if isinstance(message, str):
                request = json.loads(message)
                if "config" in request:
                    sample_rate = float(request["config"].get("sample_rate", sample_rate))
                    recognizer = None
                    continue
                if request.get("eof"):
                    if recognizer is None:
                        recognizer = new_recognizer(sample_rate)
                    await connection.send(recognizer.FinalResult())
                    return
                continue
            if recognizer is None:
                recognizer = new_recognizer(sample_rate)
            # Decoding is CPU work: off the event loop, so other sockets keep being served.
            endpoint = await loop.run_in_executor(None, recognizer.AcceptWaveform, message)
            await connection.send(recognizer.Result() if endpoint else recognizer.PartialResult())

    async def serve() -> None:
        async with websockets.serve(recognize, "127.0.0.1", 0, max_size=2**22) as server:
            port = server.sockets[0].getsockname()[1]
            with open(port_file + ".tmp", "w") as handle:
                handle.write(str(port))
            os.replace(port_file + ".tmp", port_file)
            await asyncio.Future()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
