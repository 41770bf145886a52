// The console's one script: uploads a file to Walrus with a progress bar. The console signs a link
// for the upload (POST /console/buckets/upload-link, with the session's CSRF token); the browser then
// PUTs the file to that link itself, so an object never passes through the console.
(function () {
  var form = document.getElementById('upload');
  if (!form) {
    return;
  }
  var bar = document.getElementById('upload-progress');
  var status = document.getElementById('upload-status');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = document.getElementById('upload-file').files[0];
    if (!file) {
      return;
    }
    var key = document.getElementById('upload-key').value || (form.dataset.prefix + file.name);
    var ask = new URLSearchParams();
    ask.set('csrf', form.dataset.csrf);
    ask.set('bucket', form.dataset.bucket);
    ask.set('key', key);
    status.textContent = 'Starting…';
    fetch('/console/buckets/upload-link', {method: 'POST', body: ask, credentials: 'same-origin'})
      .then(function (answer) {
        return answer.text().then(function (text) {
          if (!answer.ok) {
            throw new Error(text);
          }
          return text;
        });
      })
      .then(function (link) {
        var put = new XMLHttpRequest();
        put.open('PUT', link);
        bar.hidden = false;
        put.upload.onprogress = function (e) {
          if (e.lengthComputable) {
            bar.value = Math.round(100 * e.loaded / e.total);
            status.textContent = e.loaded + ' of ' + e.total + ' bytes';
          }
        };
        put.onload = function () {
          if (put.status >= 200 && put.status < 300) {
            bar.value = 100;
            location.href = '/console/buckets/bucket?name=' + encodeURIComponent(form.dataset.bucket)
              + (form.dataset.prefix ? '&prefix=' + encodeURIComponent(form.dataset.prefix) : '')
              + '&uploaded=' + encodeURIComponent(key);
          } else {
            var code = /<Code>([^<]*)<\/Code>/.exec(put.responseText);
            var message = /<Message>([^<]*)<\/Message>/.exec(put.responseText);
            status.textContent = 'Not uploaded: ' + (code ? code[1] : 'HTTP ' + put.status)
              + (message ? ': ' + message[1] : '');
          }
        };
        put.onerror = function () {
          status.textContent = 'Not uploaded: Walrus could not be reached.';
        };
        put.send(file);
      })
      .catch(function (e) {
        status.textContent = 'Not uploaded: ' + e.message;
      });
  });
})();
