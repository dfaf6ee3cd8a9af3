-- wrk hook: one JSON line with requests/s, p50, p95 (microseconds) and errors.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('JSON {"rps": %.2f, "p50": %d, "p95": %d, "errors": %d}\n',
    summary.requests / seconds, latency:percentile(50), latency:percentile(95), errors))
end
