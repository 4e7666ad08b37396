/** Payloads that would run script or inject markup if any user string reached a page unescaped; each sets window.xssFired. */
export const XSS_PAYLOADS = [
  '<script>window.xssFired = 1</script>',
  '<img src=x onerror="window.xssFired = 1">',
  '"><svg onload="window.xssFired = 1">',
  "'><iframe src=javascript:window.xssFired=1>",
  'javascript:window.xssFired=1',
  '<a href="javascript:window.xssFired=1">click</a>',
];
