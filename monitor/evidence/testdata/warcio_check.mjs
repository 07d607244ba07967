// Independent WARC check with webrecorder's warcio.js: parse every record,
// recompute the sha256 block and payload digests, print one JSON summary.
import fs from "node:fs";
import crypto from "node:crypto";
import { WARCParser } from "warcio";

const b32 = (buf) => {
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, val = 0, out = "";
  for (const x of buf) { val = (val << 8) | x; bits += 8; while (bits >= 5) { out += a[(val >>> (bits - 5)) & 31]; bits -= 5; } }
  if (bits > 0) out += a[(val << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
};
const sha = (b) => "sha256:" + b32(crypto.createHash("sha256").update(b).digest());

const parser = new WARCParser(fs.createReadStream(process.argv[2]), { parseHttp: false });
const out = { records: 0, types: {}, bad: [], payloads: [] };
for await (const rec of parser) {
  const block = Buffer.from(await rec.readFully(false));
  const h = { get: (k) => rec.warcHeader(k) };
  out.records++;
  out.types[rec.warcType] = (out.types[rec.warcType] || 0) + 1;
  if (h.get("WARC-Block-Digest") !== sha(block)) out.bad.push(rec.warcType + " block");
  if (rec.warcType === "response") {
    const sep = block.indexOf("\r\n\r\n");
    const payload = block.subarray(sep + 4);
    if (h.get("WARC-Payload-Digest") !== sha(payload)) out.bad.push("response payload");
    out.payloads.push(crypto.createHash("sha256").update(payload).digest("hex"));
  }
}
console.log(JSON.stringify(out));
