-- admit.lua — wrk script for bench/admit.sh: POSTs one AdmissionReview (the
-- file named by $ADMIT_BODY) with keep-alive, and prints one line of
-- figures at the end:
--   RESULT requests=N seconds=S rps=R p50_us=A p99_us=B p999_us=C errors=E non2xx=F
local path = os.getenv("ADMIT_BODY")
local f = assert(io.open(path, "rb"), "cannot read " .. tostring(path))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.0f p50_us=%d p99_us=%d p999_us=%d errors=%d non2xx=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
      e.connect + e.read + e.write + e.timeout, e.status))
end
