#!/usr/bin/env python3
"""MiniBotPanel's local French recogniser: faster-whisper behind an OpenAI-compatible HTTP route.

Why our own server rather than faster-whisper-server: that one reads the form field `model_name`,
rejects `response_format=text` and has no `/v1/models`, while MiniBot's Whisper adapter (and any
OpenAI client) speaks the plain OpenAI form. This file is small on purpose: the standard library's
HTTP server, one model loaded once, one transcription at a time (a 2-core machine gains nothing
from running two decodes side by side; requests queue on a lock instead).

Routes:
  GET  /health                    {"status": "ok", "model": ..., "language": ..., "beam_size": ...}
  GET  /v1/models                 {"object": "list", "data": [{"id": "whisper-1", ...}]}
  POST /v1/audio/transcriptions   multipart/form-data: file (any format PyAV decodes: WAV PCM16,
                                  µ-law, A-law, MP3...), model (any name), language (default fr),
                                  prompt (vocabulary; default DEFAULT_PROMPT below),
                                  response_format json | verbose_json | text,
                                  temperature (accepted; decoding is beam search at temperature 0)
Errors are {"error": {"message": ..., "type": ...}} with status 400/404/413/500, as OpenAI answers.

Run by scripts/whisper-local.sh; by hand:
  python3 whisper-server.py --model DIR --host 127.0.0.1 --port 9000 [--port-file F]
"""
import argparse
import email.parser
import email.policy
import io
import ipaddress
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # OpenAI's own limit
# Conditions Whisper on the situation when the client gives no vocabulary. Measured on the committed
# clips (short French answers, 8 kHz): word error 0.168 without a prompt, 0.136 with this one; it
# mostly saves the first word of a short answer ("Oui, ..."), which base otherwise hears as "Hum"/"Bon".
DEFAULT_PROMPT = "Conversation téléphonique en français."
FORMATS = ("json", "verbose_json", "text")


class BadRequest(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_multipart(content_type, body):
    """Form fields (str) and files (bytes) of a multipart/form-data body, via the stdlib MIME parser."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise BadRequest(400, "expected multipart/form-data, got %r" % content_type)
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise BadRequest(400, "malformed multipart body")
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_param("filename", header="content-disposition") is not None:
            files[name] = payload
        else:
            fields[name] = payload.decode("utf-8", errors="replace")
    return fields, files


class Recogniser:
    """The model, loaded once; `transcribe` is serialised by a lock."""

    def __init__(self, model_dir, beam_size, threads, default_language, default_prompt=""):
        from faster_whisper import WhisperModel  # imported here so --help works without it

        self.model_dir = model_dir
        self.beam_size = beam_size
        self.default_language = default_language
        self.default_prompt = default_prompt
        self.model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads)
        self.lock = threading.Lock()

    def transcribe(self, audio, language, prompt):
        with self.lock:
            started = time.monotonic()
            segments, info = self.model.transcribe(
                io.BytesIO(audio),
                language=language,
                beam_size=self.beam_size,
                temperature=0.0,
                initial_prompt=prompt or self.default_prompt or None,
                condition_on_previous_text=False,
                vad_filter=False,
            )
            segments = list(segments)
            elapsed = time.monotonic() - started
        return segments, info, elapsed


class Handler(BaseHTTPRequestHandler):
    server_version = "minibot-whisper/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    def send_json(self, status, payload):
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error_json(self, status, message, kind="invalid_request_error"):
        self.send_json(status, {"error": {"message": message, "type": kind}})

    def do_GET(self):
        recogniser = self.server.recogniser
        path = self.path.split("?", 1)[0]
        if path == "/health":
            self.send_json(200, {"status": "ok", "model": recogniser.model_dir,
                                 "language": recogniser.default_language, "beam_size": recogniser.beam_size})
        elif path in ("/v1/models", "/models"):
            self.send_json(200, {"object": "list", "data": [{"id": "whisper-1", "object": "model", "owned_by": "minibot"}]})
        else:
            self.send_error_json(404, "no route GET %s" % path)

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        if path not in ("/v1/audio/transcriptions", "/audio/transcriptions"):
            self.send_error_json(404, "no route POST %s" % path)
            return
        try:
            length = int(self.headers.get("Content-Length") or "-1")
            if length < 0:
                raise BadRequest(411, "Content-Length is required")
            if length > MAX_UPLOAD_BYTES:
                raise BadRequest(413, "upload larger than %d bytes" % MAX_UPLOAD_BYTES)
            body = self.rfile.read(length)
            fields, files = parse_multipart(self.headers.get("Content-Type", ""), body)
            audio = files.get("file")
            if not audio:
                raise BadRequest(400, "missing form field 'file'")
            response_format = fields.get("response_format", "json").strip() or "json"
            if response_format not in FORMATS:
                raise BadRequest(400, "response_format must be one of %s" % ", ".join(FORMATS))
            language = (fields.get("language") or self.server.recogniser.default_language).strip().lower()
            prompt = (fields.get("prompt") or "").strip()
            try:
                segments, info, elapsed = self.server.recogniser.transcribe(audio, language, prompt)
            except Exception as error:
                if type(error).__module__.startswith("av"):  # PyAV cannot decode the upload
                    raise BadRequest(400, "cannot decode the audio file: %s" % error)
                if isinstance(error, ValueError):  # e.g. an unknown language code
                    raise BadRequest(400, str(error))
                raise
        except BadRequest as error:
            self.close_connection = True
            self.send_error_json(error.status, error.message)
            return
        except Exception as error:  # a bug or a model failure: say so, keep serving
            self.close_connection = True
            self.send_error_json(500, "transcription failed: %s" % error, "server_error")
            return
        text = "".join(segment.text for segment in segments).strip()
        self.log_message("transcribed %.2f s of audio in %.2f s: %s", info.duration, elapsed, text[:80])
        if response_format == "text":
            body = (text + "\n").encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif response_format == "json":
            self.send_json(200, {"text": text})
        else:
            self.send_json(200, {
                "task": "transcribe",
                "language": info.language,
                "duration": round(info.duration, 3),
                "text": text,
                "segments": [{
                    "id": index,
                    "start": round(segment.start, 3),
                    "end": round(segment.end, 3),
                    "text": segment.text,
                    "avg_logprob": segment.avg_logprob,
                    "no_speech_prob": segment.no_speech_prob,
                    "compression_ratio": segment.compression_ratio,
                    "temperature": segment.temperature,
                } for index, segment in enumerate(segments)],
            })


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="CTranslate2 Whisper model folder")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (0: any free one, see --port-file)")
    parser.add_argument("--port-file", help="write the bound port here once the model is loaded")
    parser.add_argument("--language", default="fr")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--default-prompt", default=DEFAULT_PROMPT,
                        help="prompt used when a request sends none ('' for none; default %(default)r)")
    args = parser.parse_args()
    if not ipaddress.ip_address(args.host).is_loopback:
        parser.error("--host must be a loopback address (the recogniser is for this machine only)")
    recogniser = Recogniser(args.model, args.beam_size, args.threads, args.language, args.default_prompt)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.recogniser = recogniser
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as handle:
            handle.write("%d\n" % port)
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    sys.stderr.write("minibot whisper server on http://%s:%d (model %s, language %s, beam %d)\n"
                     % (args.host, port, args.model, args.language, args.beam_size))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
