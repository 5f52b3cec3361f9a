// In-browser check of one case's hash chain (哈希链校验), with Web Crypto SHA-256.
// The canonical record is built exactly as events/hashing.py builds it, around the
// stored JSON texts of data and metadata; hash = SHA-256(prev_hash + record), hex.
"use strict";

const GENESIS = "0".repeat(64);

function canonicalRecord(streamId, r) {
  return '{"data":' + r.data + ',"metadata":' + r.metadata +
    ',"recorded_at":' + JSON.stringify(r.recorded_at) +
    ',"schema_version":' + r.schema_version +
    ',"stream_id":' + JSON.stringify(streamId) +
    ',"type":' + JSON.stringify(r.type) + ',"version":' + r.version + "}";
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function verifyChain(streamId, records) {
  let prev = GENESIS;
  for (const [i, r] of records.entries()) {
    if (r.version !== i + 1) return { ok: false, at: r.version, why: "版本不连续 missing version" };
    if (r.prev_hash !== prev) return { ok: false, at: r.version, why: "链接断开 broken link" };
    const hash = await sha256Hex(prev + canonicalRecord(streamId, r));
    if (hash !== r.hash) return { ok: false, at: r.version, why: "内容与哈希不符 hash mismatch" };
    prev = hash;
  }
  return { ok: true, count: records.length, head: prev };
}

async function run(section, out) {
  out.textContent = "正在校验…";
  out.className = "";
  try {
    const caseId = section.dataset.case;
    const response = await fetch("/api/cases/" + encodeURIComponent(caseId) + "/chain",
      { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const body = await response.json();
    const result = await verifyChain(body.stream_id, body.records);
    if (result.ok) {
      out.textContent = "✓ 哈希链完整：" + result.count + " 条记录，链头 " + result.head;
      out.className = "good";
    } else {
      out.textContent = "✗ 哈希链被改动：第 " + result.at + " 条记录（" + result.why + "）";
      out.className = "bad";
    }
  } catch (err) {
    out.textContent = "无法校验：" + err.message;
    out.className = "bad";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const section = document.getElementById("chain");
  const button = document.getElementById("verify-chain");
  const out = document.getElementById("chain-result");
  if (section && button && out) button.addEventListener("click", () => run(section, out));
});
