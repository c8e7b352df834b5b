/**
 * The sandbox page's stylesheet and script, kept apart from the routes of web.tsx: the stylesheet
 * draws Lark's chat and Card JSON 2.0 the way the Feishu client does (a card keeps its width from
 * step to step of a form), the script polls the timeline and turns taps into card callbacks.
 */

export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f2f3f5;color:#1f2329}
a{color:#3370ff}
.sb-top{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid #dee0e3;padding:8px 12px}
.sb-top h1{font-size:16px;margin:0 0 6px}
.sb-top form{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.sb-top select{max-width:100%;font-size:14px;padding:4px}
.sb-banner{font-size:12px;color:#646a73;margin-top:4px}
.sb-wrap{max-width:760px;margin:0 auto;padding:12px 10px 140px}
.sb-msg{display:flex;margin:10px 0;gap:8px;align-items:flex-start}
.sb-msg.user{flex-direction:row-reverse}
.sb-avatar{flex:0 0 32px;height:32px;border-radius:50%;background:#3370ff;color:#fff;display:flex;align-items:center;justify-content:center;font-size:13px}
.sb-msg.user .sb-avatar{background:#34c724}
.sb-bubble{max-width:calc(100% - 44px);min-width:0}
.sb-meta{font-size:12px;color:#8f959e;margin-bottom:2px}
.sb-msg.user .sb-meta{text-align:right}
.sb-text{background:#fff;border-radius:8px;padding:8px 12px;white-space:pre-wrap;word-break:break-word}
.sb-msg.user .sb-text{background:#cce0ff}
.sb-file{background:#fff;border-radius:8px;padding:10px 12px;border:1px solid #dee0e3}
.sb-composer{position:fixed;left:0;right:0;bottom:0;background:#fff;border-top:1px solid #dee0e3;padding:8px 10px}
.sb-composer .row{max-width:760px;margin:0 auto;display:flex;gap:6px}
.sb-composer input[type=text]{flex:1;min-width:0;font-size:16px;padding:8px;border:1px solid #dee0e3;border-radius:6px}
.sb-chips{max-width:760px;margin:0 auto 6px;display:flex;gap:6px;flex-wrap:wrap}
.sb-chip{font-size:13px;border:1px solid #dee0e3;border-radius:14px;padding:2px 10px;background:#f5f6f7;cursor:pointer}
.sb-send{background:#3370ff;color:#fff;border:0;border-radius:6px;padding:0 14px;font-size:15px}
.sb-attach{border:1px solid #dee0e3;background:#fff;border-radius:6px;padding:0 10px;cursor:pointer;display:flex;align-items:center}
.sb-toast{position:fixed;left:50%;top:12px;transform:translateX(-50%);background:rgba(31,35,41,.9);color:#fff;padding:8px 16px;border-radius:6px;font-size:14px;display:none;z-index:30;max-width:90%;pointer-events:none}
.sb-toast.error{background:#f54a45}.sb-toast.success{background:#2ea121}.sb-toast.warning{background:#ff8800}
.sb-people h2{font-size:15px;margin:16px 0 6px}
.sb-people a{display:block;background:#fff;border-radius:8px;padding:8px 12px;margin:6px 0;text-decoration:none;color:#1f2329}
.sb-people a small{display:block;color:#646a73}
.sb-empty{color:#8f959e;text-align:center;margin:40px 0}
.sb-bubble-card{flex:1 1 auto;max-width:min(560px,calc(100% - 44px))}
.lk-card{background:#fff;border:1px solid #dee0e3;border-radius:8px;overflow:hidden;width:100%}
.lk-header{color:#fff;padding:10px 12px}
.lk-title{font-weight:600;font-size:16px}
.lk-subtitle{font-size:13px;opacity:.9}
.lk-body{padding:10px 12px;display:flex;flex-direction:column;gap:8px}
.lk-md{word-break:break-word}
.lk-md ul,.lk-md ol{margin:2px 0;padding-left:20px}
.lk-md-gap{height:6px}
.lk-quote{margin:2px 0;padding:2px 10px;border-left:3px solid #dee0e3;color:#646a73}
.lk-md-h{font-weight:600;font-size:16px}
.lk-notation{font-size:12px;color:#646a73}
.lk-hr{border:0;border-top:1px solid #dee0e3;margin:2px 0;width:100%}
.lk-cols{display:flex;align-items:flex-start}
.lk-cols-flow{flex-wrap:wrap}
.lk-col{display:flex;flex-direction:column;gap:6px}
.lk-form{display:flex;flex-direction:column;gap:8px;margin:0}
.lk-field{display:flex;flex-direction:column;gap:2px;width:100%}
.lk-field-left{flex-direction:row;align-items:center;gap:8px}
.lk-label{font-size:13px;color:#1f2329}
.lk-field input,.lk-field textarea,.lk-field select{width:100%;font:inherit;font-size:15px;padding:6px 8px;border:1px solid #d0d3d6;border-radius:6px;background:#fff}
.lk-checker{display:flex;gap:6px;align-items:center}
.lk-btn{font:inherit;font-size:14px;padding:5px 14px;border-radius:6px;border:1px solid #d0d3d6;background:#fff;color:#1f2329;cursor:pointer;text-decoration:none;display:inline-block;text-align:center}
.lk-btn.lk-fill{width:100%}
.lk-btn-primary{color:#3370ff;border-color:#3370ff}
.lk-btn-danger{color:#f54a45;border-color:#f54a45}
.lk-btn-primary_filled{background:#3370ff;border-color:#3370ff;color:#fff}
.lk-btn-danger_filled{background:#f54a45;border-color:#f54a45;color:#fff}
.lk-btn-text{border-color:transparent;color:#3370ff}
.lk-btn[disabled]{opacity:.5;cursor:not-allowed}
.lk-panel summary{cursor:pointer;font-weight:600}
.lk-at{color:#3370ff}
.lk-table{border-collapse:collapse;font-size:13px}.lk-table td,.lk-table th{border:1px solid #dee0e3;padding:2px 6px}
.lk-unknown{color:#8f959e;font-size:12px}
code{background:#f2f3f5;padding:0 3px;border-radius:3px}
`;

/** The page's script: polling, sending, and turning taps into card callbacks. */
export const SCRIPT = `
(function(){
  var root = document.getElementById('sb');
  if (!root) return;
  var as = root.dataset.as, chat = root.dataset.chat, version = root.dataset.version;
  var list = document.getElementById('timeline');
  var toastEl = document.getElementById('toast');
  var fast = 0;
  function toast(t){ if(!t) return; toastEl.textContent = t.content; toastEl.className = 'sb-toast ' + (t.type||''); toastEl.style.display='block'; clearTimeout(toast.h); toast.h = setTimeout(function(){ toastEl.style.display='none'; }, 3000); }
  function post(url, body){ return fetch(url, {method:'POST', headers:{'content-type':'application/json'}, body: JSON.stringify(body)}).then(function(r){ return r.json().catch(function(){ return {}; }); }); }
  function nearBottom(){ return window.innerHeight + window.scrollY >= document.body.scrollHeight - 200; }
  function refresh(){
    return fetch('/sandbox/api/timeline?as=' + encodeURIComponent(as) + '&chat=' + encodeURIComponent(chat) + '&v=' + encodeURIComponent(version))
      .then(function(r){ return r.json(); })
      .then(function(d){
        if (!d || d.version === version) return;
        var stick = nearBottom(); var added = false;
        version = d.version;
        var keep = {};
        d.entries.forEach(function(e, i){
          keep[e.id] = 1;
          var el = list.querySelector('[data-entry="' + e.id + '"]');
          if (el && el.dataset.rev === String(e.rev)) return;
          var tmp = document.createElement('div'); tmp.innerHTML = e.html; var fresh = tmp.firstElementChild;
          if (el) el.replaceWith(fresh); else { list.appendChild(fresh); added = true; }
        });
        Array.prototype.slice.call(list.querySelectorAll('[data-entry]')).forEach(function(el){ if (!keep[el.dataset.entry]) el.remove(); });
        var empty = document.getElementById('empty'); if (empty && d.entries.length) empty.remove();
        if (added && (stick || fast > 0)) window.scrollTo(0, document.body.scrollHeight);
      }).catch(function(){});
  }
  function loop(){ refresh().then(function(){ setTimeout(loop, fast > 0 ? (fast--, 300) : 1500); }); }
  function soon(){ fast = 15; refresh(); }
  document.getElementById('composer').addEventListener('submit', function(ev){
    ev.preventDefault();
    var input = document.getElementById('text'); var text = input.value.trim(); if (!text) return;
    input.value = '';
    post('/sandbox/api/say', {as: as, chat: chat, text: text}).then(function(r){ if (r && r.error) toast({type:'error', content: r.error}); soon(); });
  });
  Array.prototype.slice.call(document.querySelectorAll('[data-say]')).forEach(function(b){
    b.addEventListener('click', function(){ post('/sandbox/api/say', {as: as, chat: chat, text: b.dataset.say}).then(soon); });
  });
  var file = document.getElementById('file');
  if (file) file.addEventListener('change', function(){
    var f = file.files && file.files[0]; if (!f) return;
    post('/sandbox/api/file', {as: as, chat: chat, fileName: f.name}).then(soon); file.value = '';
  });
  function formValue(form){
    var out = {};
    Array.prototype.slice.call(form.querySelectorAll('[name]')).forEach(function(el){
      var tag = el.dataset.lkTag, name = el.getAttribute('name');
      if (!name || !tag) return;
      if (tag === 'checker') out[name] = el.checked;
      else if (tag === 'date_picker') out[name] = el.value ? el.value + ' +0800' : '';
      else if (tag === 'multi_select_static' || tag === 'multi_select_person') out[name] = Array.prototype.slice.call(el.selectedOptions).map(function(o){ return o.value; });
      else out[name] = el.value;
    });
    return out;
  }
  list.addEventListener('click', function(ev){
    var b = ev.target.closest && ev.target.closest('[data-lk-button]');
    if (!b || b.disabled) return;
    var card = b.closest('[data-lk-card]'); if (!card) return;
    var action = b.dataset.formAction, form = b.closest('form');
    if (action === 'reset') { if (form) form.reset(); return; }
    if (!b.dataset.value) return;
    if (action === 'submit' && form && !form.reportValidity()) return;
    if (b.dataset.confirmTitle && !window.confirm(b.dataset.confirmTitle + (b.dataset.confirmText ? '\\n' + b.dataset.confirmText : ''))) return;
    var body = {as: as, chat: chat, messageId: card.dataset.lkCard, value: JSON.parse(b.dataset.value)};
    if (b.dataset.name) body.name = b.dataset.name;
    if (action === 'submit' && form) body.formValue = formValue(form);
    b.disabled = true;
    post('/sandbox/api/tap', body).then(function(r){ b.disabled = false; toast(r.toast); soon(); }, function(){ b.disabled = false; toast({type:'error', content:'网络错误'}); });
  });
  window.scrollTo(0, document.body.scrollHeight);
  loop();
})();
`;
