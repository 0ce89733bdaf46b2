// The Worker's loader: one Go instance per isolate, handed every request.
//
// syumai/workers' generated worker.mjs instantiates the module and runs Go's
// main inside each fetch (about 100 ms per request). This loader starts Go
// once, on the first request, and keeps it: Go's main registers a serve
// function (main_js.go) and parks. Each request is then handed over with its
// own env and ctx and an `io` function through which Go does everything that
// touches the Workers runtime for that request: answering, streaming,
// opening sockets, reading and writing them, fetch().
//
// Why the I/O goes through `io`: the Workers runtime ties every I/O object
// (a socket, a stream, a fetch) to the request that was running when it was
// made, and refuses to use it from another request. One Go instance runs
// the goroutines of every request in flight, and Go runs whatever is ready
// on whichever callback entered it, so a goroutine of request B may run on
// request A's callback. `io` queues the operation on B's own pump, an async
// loop running in B's context, so B's objects are made and used in B only.
// A tick per request (while it is in flight) enters Go now and then, so that
// Go's timers (deadlines) fire even when the request that set Go's last
// timeout has finished.
//
// Built by `make worker` into build/worker/ beside Go's wasm_exec.js and
// app.wasm.
import "./wasm_exec.js";
import { connect } from "cloudflare:sockets";
import mod from "./app.wasm";

// Request bodies are read up to this many bytes; the api refuses anything
// over its own, smaller limit (413), so one byte more is enough to tell.
const maxBody = 1 << 20;
// Responses to fetch() are read up to this many bytes (DoH answers and
// MTA-STS policies are a few KB).
const maxFetchBody = 1 << 20;
// Go's timers are checked at least this often while a request is in flight.
const tickMs = 50;

let serve = null; // Go's serve function, once Go is ready
let starting = null; // the start-up under way
let starts = 0; // Go start-ups in this isolate

function start() {
  const go = new Go();
  let ready;
  const started = new Promise((resolve, reject) => {
    ready = { resolve, reject };
  });
  globalThis.whichportWorker = {
    ready(fn, tick) {
      serve = { fn, tick };
      ready.resolve();
    },
  };
  const instance = new WebAssembly.Instance(mod, go.importObject);
  starts++;
  go.run(instance).then(
    () => {
      serve = null;
      ready.reject(new Error("Go exited"));
    },
    (e) => {
      serve = null;
      ready.reject(e);
    },
  );
  return started;
}

const nullBodyStatus = new Set([101, 103, 204, 205, 304]);

// readUpTo reads a stream to its end, or until more than max bytes have
// come (then it stops reading, so the caller can tell by the length).
async function readUpTo(body, max) {
  const reader = body.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(value);
    n += value.length;
    if (n > max) {
      await reader.cancel();
      break;
    }
  }
  return concat(chunks, n);
}

// readBody is a request's body, null when it has none; one over maxBody
// comes back longer than maxBody, for Go's limit to refuse.
function readBody(request) {
  return request.body ? readUpTo(request.body, maxBody) : null;
}

function headerText(headers) {
  let s = "";
  for (const [k, v] of headers) {
    s += k + ": " + v + "\r\n";
  }
  return s;
}

async function readCapped(body, max) {
  if (!body) {
    return new Uint8Array(0);
  }
  const b = await readUpTo(body, max);
  if (b.length > max) {
    throw new Error(`response body over ${max} bytes`);
  }
  return b;
}

// concat joins the chunks read from a stream, n bytes in all.
function concat(chunks, n) {
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

// exchange is one request's side of the bridge: the response Go builds and
// the operations Go asks for, run in this request's context by pump.
function exchange(startedGo) {
  let answer;
  const response = new Promise((resolve, reject) => {
    answer = { resolve, reject };
  });
  let out = null; // the streamed body, once Go flushed
  let finished = false;
  const queue = [];
  let wake = null;
  const sockets = new Map();
  let nextSocket = 1;

  const headersOf = (pairs) => {
    const h = new Headers(pairs);
    if (startedGo) {
      h.append("Server-Timing", 'go-start;desc="Go started for this request"');
    }
    return h;
  };
  const sock = (id) => {
    const s = sockets.get(id);
    if (!s) {
      throw new Error(`socket ${id} is closed`);
    }
    return s;
  };
  const ops = {
    send(status, pairs, body) {
      answer.resolve(new Response(nullBodyStatus.has(status) ? null : body, { status, headers: headersOf(pairs) }));
      finished = true;
    },
    stream(status, pairs) {
      const ts = new TransformStream();
      out = ts.writable.getWriter();
      answer.resolve(new Response(ts.readable, { status, headers: headersOf(pairs) }));
    },
    chunk(bytes) {
      return out.write(bytes);
    },
    end() {
      finished = true;
      return out.close();
    },
    fail(message) {
      finished = true;
      if (out) {
        return out.abort(new Error(message));
      }
      answer.reject(new Error(message));
    },
    async connect(address) {
      const s = connect(address, { secureTransport: "off", allowHalfOpen: false });
      // A socket that fails later (a reset, a write after the peer closed)
      // rejects these; Go hears of it from its read or write.
      s.closed.catch(() => {});
      await s.opened;
      const id = nextSocket++;
      const reader = s.readable.getReader();
      const writer = s.writable.getWriter();
      reader.closed.catch(() => {});
      writer.closed.catch(() => {});
      sockets.set(id, { s, reader, writer });
      return id;
    },
    async read(id) {
      const { done, value } = await sock(id).reader.read();
      return done ? null : value;
    },
    write(id, bytes) {
      return sock(id).writer.write(bytes);
    },
    async close(id) {
      const s = sockets.get(id);
      if (s) {
        sockets.delete(id);
        await s.s.close();
      }
    },
    async fetch(url, method, headers, body) {
      const res = await fetch(url, { method, headers: new Headers(headers ?? []), body: body ?? undefined, redirect: "manual" });
      return { status: res.status, headers: headerText(res.headers), body: await readCapped(res.body, maxFetchBody) };
    },
  };
  // io is what Go calls: io(op, args, cb) queues op; cb(error, value)
  // is called in this request's context.
  const io = (op, args, cb) => {
    if (finished && op !== "close") {
      cb?.(`request already answered (${op})`);
      return;
    }
    queue.push([op, args, cb]);
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  };
  async function pump() {
    const timer = setInterval(() => serve?.tick(), tickMs);
    try {
      while (!finished || queue.length) {
        if (queue.length === 0) {
          await new Promise((resolve) => (wake = resolve));
          continue;
        }
        const [op, args, cb] = queue.shift();
        Promise.resolve()
          .then(() => ops[op](...args))
          .then(
            (v) => cb?.(null, v),
            (e) => cb?.(String(e?.message ?? e)),
          );
      }
    } finally {
      clearInterval(timer);
      for (const s of sockets.values()) {
        s.s.close().catch(() => {});
      }
    }
  }
  return { io, response, pump };
}

export default {
  async fetch(request, env, ctx) {
    let startedGo = false;
    if (!serve) {
      if (!starting) {
        startedGo = true;
        starting = start().finally(() => (starting = null));
      }
      await starting;
    }
    const body = await readBody(request);
    const x = exchange(startedGo);
    const pumping = x.pump();
    ctx.waitUntil(pumping);
    serve.fn({
      method: request.method,
      url: request.url,
      headers: headerText(request.headers),
      body,
      env,
      ctx,
      io: x.io,
    });
    return x.response;
  },
};
