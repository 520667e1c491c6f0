-- wrk script: GET round-robin over TARGETS, "<path> <bearer token or ->;" repeated.
local targets = {}
for path, token in string.gmatch(os.getenv("TARGETS"), "([^ ;]+) ([^ ;]+);") do
  table.insert(targets, { path, token })
end
local i = 0

request = function()
  i = i % #targets + 1
  local target = targets[i]
  local headers = {}
  if target[2] ~= "-" then
    headers["Authorization"] = "Bearer " .. target[2]
  end
  return wrk.format("GET", target[1], headers)
end
