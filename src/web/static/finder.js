// recoverynet public pages: small enhancements; every page works without this file.
'use strict';
(function () {
  var finder = document.getElementById('finder');
  var lang = document.documentElement.lang === 'es' ? 'es' : 'en';
  var text = {
    en: { near: 'Near me', nearFailed: 'Your location is not available. Type a city or ZIP code instead.',
          showMap: 'Show map', hideMap: 'Hide map', copied: 'Link copied' },
    es: { near: 'Cerca de mí', nearFailed: 'Tu ubicación no está disponible. Escribe una ciudad o un código postal.',
          showMap: 'Mostrar mapa', hideMap: 'Ocultar mapa', copied: 'Enlace copiado' }
  }[lang];

  // The viewer's time zone, so days and times read in it.
  var tz = document.getElementById('tz');
  if (tz && !tz.value && window.Intl) {
    try { tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { /* keep the server's */ }
  }

  // Empty fields stay out of the URL, so shared links are short.
  if (finder) {
    finder.addEventListener('submit', function () {
      Array.prototype.forEach.call(finder.elements, function (field) {
        if (field.name && !field.value && field.type !== 'checkbox') field.disabled = true;
      });
    });
    var where = document.getElementById('where');
    var lat = document.getElementById('lat');
    var lng = document.getElementById('lng');
    // A typed place replaces an earlier "Near me".
    if (where) where.addEventListener('input', function () { lat.value = ''; lng.value = ''; });
    if (navigator.geolocation && where) {
      var near = document.createElement('button');
      near.type = 'button';
      near.id = 'near-me';
      near.className = 'secondary';
      near.textContent = text.near;
      document.getElementById('search').insertAdjacentElement('afterend', near);
      near.addEventListener('click', function () {
        near.disabled = true;
        navigator.geolocation.getCurrentPosition(function (position) {
          lat.value = position.coords.latitude.toFixed(5);
          lng.value = position.coords.longitude.toFixed(5);
          where.value = '';
          finder.submit();
        }, function () {
          near.disabled = false;
          var hint = document.getElementById('where-hint');
          if (hint) { hint.textContent = text.nearFailed; hint.setAttribute('role', 'alert'); }
        }, { timeout: 10000, maximumAge: 300000 });
      });
    }
  }

  // The map: Leaflet and tiles load only when the person opens it.
  var mapArea = document.getElementById('map-area');
  var items = document.querySelectorAll('.result[data-lat]');
  if (mapArea && items.length) {
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.id = 'map-toggle';
    toggle.className = 'secondary';
    toggle.textContent = text.showMap;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', 'map-area');
    mapArea.insertAdjacentElement('beforebegin', toggle);
    var map = null;
    toggle.addEventListener('click', function () {
      var opening = mapArea.hidden;
      mapArea.hidden = !opening;
      toggle.textContent = opening ? text.hideMap : text.showMap;
      toggle.setAttribute('aria-expanded', String(opening));
      if (opening && !map) loadLeaflet(function () { map = drawMap(); });
    });
  }

  function loadLeaflet(done) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/static/leaflet.css';
    document.head.appendChild(css);
    var script = document.createElement('script');
    script.src = '/static/leaflet.js';
    script.onload = done;
    script.onerror = showMapStatus;
    document.head.appendChild(script);
  }

  function showMapStatus() { document.getElementById('map-status').hidden = false; }

  function drawMap() {
    var element = document.getElementById('map');
    var map = L.map(element, { scrollWheelZoom: false });
    var tiles = L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 });
    var failed = 0;
    tiles.on('tileerror', function () { if (++failed === 1) showMapStatus(); });
    tiles.addTo(map);
    var bounds = [];
    Array.prototype.forEach.call(items, function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lng)];
      bounds.push(point);
      var link = item.querySelector('.result-name');
      var popup = document.createElement('a');
      popup.href = link.href;
      popup.textContent = item.dataset.name;
      L.circleMarker(point, { radius: 8, weight: 2, color: '#0b5cad', fillOpacity: 0.6 })
        .bindPopup(popup).addTo(map);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    return map;
  }

  // Share: the phone's share sheet, else copy the link; without script the link is a mailto.
  var share = document.getElementById('share');
  if (share && (navigator.share || navigator.clipboard)) {
    share.addEventListener('click', function (event) {
      event.preventDefault();
      var url = share.dataset.shareUrl;
      if (navigator.share) {
        navigator.share({ title: share.dataset.shareTitle, url: url }).catch(function () {});
      } else {
        navigator.clipboard.writeText(url).then(function () { share.textContent = text.copied; });
      }
    });
  }
})();
