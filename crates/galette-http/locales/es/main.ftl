# galette — español. Todos los archivos de idioma tienen exactamente los mismos identificadores de mensaje.

## Estructura de la página
nav-skip = Ir al contenido
nav-label = Navegación principal
nav-home = Inicio
nav-policy = Política de cookies
nav-backoffice = Back office
nav-account = Mi cuenta
nav-login = Iniciar sesión
footer-powered = Portal de datos abiertos impulsado por galette
language-label = Idioma:

## Inicio
home-title = Inicio
home-lead = Datos abiertos publicados por este portal, que puede explorar, descargar y reutilizar libremente a través de sus páginas y de su API.
home-data-title = Conjuntos de datos
home-data-text = Explore los conjuntos de datos que publica este portal: búsquelos, fíltrelos, ordénelos, descárguelos o consúltelos mediante la API.
home-data-rows = { $count } filas
home-cookies-title = Cookies
home-cookies-text = { $count ->
    [one] Este sitio declara { $count } cookie y no instala ninguna cookie que no haya declarado.
   *[other] Este sitio declara { $count } cookies y no instala ninguna cookie que no haya declarado.
}
home-cookies-link = Consulte la política de cookies
home-account-title = Su cuenta
home-account-text = Inicie sesión para acceder a su cuenta y, si es administrador, al back office.
home-account-signed-in = Ha iniciado sesión como { $email }.

## Política de cookies
policy-title = Política de cookies
policy-last-update = Última actualización: { $date }
policy-intro-functioning-and-audience = Este portal utiliza cookies para funcionar correctamente y mide su audiencia para mejorar su servicio.
policy-intro-functioning = Este sitio utiliza cookies para que sus servicios funcionen correctamente.
policy-what-title = ¿Qué es una cookie?
policy-what-text = Una cookie es una pequeña porción de información, identificada por un nombre, que un sitio web le pide a su navegador que conserve. Su navegador la almacena durante un tiempo determinado y la devuelve a ese sitio web en cada visita posterior. Las cookies tienen muchos fines: mantener su sesión iniciada, recordar el contenido de un carrito de compras o identificar su navegador para seguir sus visitas con fines estadísticos o publicitarios.
policy-types-title = Tipos de cookies y cuándo se necesita su consentimiento
policy-type-necessary-name = Cookies técnicas
policy-type-necessary = Instaladas por el propio sitio, conservan información de una página o de una visita a la siguiente en el mismo dispositivo: un inicio de sesión, un carrito de compras, una preferencia de la interfaz. El servicio que usted solicitó no puede funcionar sin ellas, por lo que no requieren consentimiento.
policy-type-statistics-name = Cookies de análisis
policy-type-statistics = Permiten seguir lo que hacen los visitantes en un sitio. Cuando las estadísticas que generan son anónimas, de modo que nunca puedan vincularse a una persona, no se requiere consentimiento; en caso contrario, sí.
policy-type-first-party-name = Otras cookies propias
policy-type-first-party = Instaladas por el sitio que usted visita, además de las técnicas, pueden recopilar datos personales, seguir su comportamiento o mostrar publicidad. Requieren su consentimiento.
policy-type-third-party-name = Cookies de terceros
policy-type-third-party = Instaladas por otro sitio (a menudo un anunciante), o en nombre de este, en el sitio que usted visita, permiten a ese otro sitio saber qué páginas ha visto y recopilar información sobre usted. Requieren su consentimiento.
policy-used-title = Cookies utilizadas en { $site }
category-necessary = Cookies técnicas y de personalización
category-functionality = Cookies de personalización
category-statistics = Cookies de análisis
category-marketing = Cookies publicitarias
policy-consent-needed = Estas cookies solo se instalan una vez que usted las ha aceptado.
policy-consent-not-needed = El sitio no puede funcionar sin estas cookies; no requieren consentimiento.
policy-col-provider = Proveedor
policy-col-function = Función y ubicación
policy-col-name = Nombre de la cookie
policy-col-purpose = Finalidad
policy-col-lifetime = Duración
policy-wildcard = (todas las cookies cuyo nombre empieza así)
policy-json-link = La misma información, en un formato legible por máquina:

## Estadísticas de audiencia sin cookies (sección de la política, según los ajustes del sitio)
stats-notice-title = Estadísticas de audiencia sin cookies
stats-notice-no-cookie = El sitio cuenta sus visitas en su propio servidor, sin cookies, sin scripts y sin guardar nada en su navegador. Estas estadísticas no requieren su consentimiento y solo las ven los administradores del sitio.
stats-notice-salt = Para distinguir a los visitantes de un mismo día, su dirección y el nombre de su navegador se combinan en un hash con una clave aleatoria que cambia cada día a medianoche (UTC) y luego se borra. Su dirección y el nombre de su navegador nunca se guardan, y las visitas de dos días distintos nunca pueden relacionarse.
stats-notice-stored = Lo que se guarda de una página vista: la página (sin sus parámetros), el nombre del sitio de procedencia, el idioma servido, el tipo de dispositivo y la familia de navegador.
stats-notice-stored-country = Lo que se guarda de una página vista: la página (sin sus parámetros), el nombre del sitio de procedencia, el idioma servido, el tipo de dispositivo, la familia del navegador y el país al que pertenece la dirección (buscado en una tabla del servidor; la dirección en sí no se guarda).
stats-notice-gpc-honoured = Si su navegador envía Global Privacy Control (GPC) o Do Not Track, sus visitas no se cuentan en absoluto.
stats-notice-gpc-ignored = Las visitas se cuentan aunque el navegador envíe Global Privacy Control (GPC) o Do Not Track, ya que las estadísticas no identifican a nadie.
stats-notice-staff-excluded = Las visitas de los administradores del sitio con sesión iniciada no se cuentan.
stats-notice-staff-counted = Las visitas de los administradores del sitio con sesión iniciada se cuentan como las demás.
stats-notice-bots = Los robots, las vistas previas de enlaces y las precargas no se cuentan.
stats-notice-retention = Los registros detallados se guardan { $days ->
        [one] un día
       *[other] { $days } días
    } y pierden su clave de visitante diaria al terminar su día; los totales se guardan { $months } meses.
party-first = Propia
party-third = De terceros

## Duraciones
lifetime-session = Hasta que se cierre el navegador
lifetime-years = { $count ->
    [one] { $count } año
   *[other] { $count } años
}
lifetime-weeks = { $count ->
    [one] { $count } semana
   *[other] { $count } semanas
}
lifetime-days = { $count ->
    [one] { $count } día
   *[other] { $count } días
}
lifetime-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
lifetime-seconds = { $count ->
    [one] { $count } segundo
   *[other] { $count } segundos
}

## Inicio de sesión y cuenta
login-title = Iniciar sesión
login-email = Correo electrónico
login-password = Contraseña
login-submit = Iniciar sesión
login-error-credentials = El correo electrónico o la contraseña no son correctos.
login-error-throttled = Demasiados intentos fallidos. Por su seguridad, el inicio de sesión se suspendió durante 15 minutos.
account-title = Mi cuenta
account-signed-in-as = Ha iniciado sesión como { $email }.
account-admin = Usted administra este portal.
account-logout = Cerrar sesión

## Back office
backoffice-title = Back office
backoffice-slug = Sitio
backoffice-hostnames = Direcciones
backoffice-default-language = Idioma predeterminado
backoffice-registry = Registro de cookies
backoffice-col-category = Categoría
backoffice-col-party = Titularidad
backoffice-col-languages = Traducciones

## Errores
error-back-home = Volver a la página de inicio
error-unknown-portal-title = Este portal no existe
error-unknown-portal-text = No hay ningún portal de datos abiertos publicado en esta dirección. Verifique la dirección que escribió.
error-not-found-title = Página no encontrada
error-not-found-text = No existe ninguna página en esta dirección de este portal.
error-method-title = Método no permitido
error-method-text = Esta dirección no acepta este tipo de solicitud.
error-csrf-title = Error en la verificación de seguridad
error-csrf-text = La solicitud se rechazó porque no se pudo validar su protección contra la falsificación de solicitudes entre sitios (CSRF). Vuelva a cargar la página e inténtelo de nuevo; si el problema persiste, permita las cookies para este sitio.
error-admins-only-title = Solo para administradores
error-admins-only-text = El back office está reservado a los administradores de este portal.
error-bad-request-title = Solicitud incorrecta
error-bad-request-text = No se pudo interpretar la solicitud.
error-too-large-title = Solicitud demasiado grande
error-too-large-text = El formulario enviado supera el tamaño que acepta este sitio.
error-timeout-title = Tiempo de espera agotado
error-timeout-text = El formulario dejó de llegar antes de estar completo. Compruebe su conexión y vuelva a enviarlo.
error-headers-too-large-title = Cookies demasiado grandes
error-headers-too-large-text = Su navegador envió más datos de cookies de los que acepta este sitio. Elimine las cookies de este sitio en su navegador y vuelva a cargar la página.
error-unavailable-title = Servicio no disponible temporalmente
error-unavailable-text = En este momento, el portal no puede conectarse a su base de datos. Inténtelo de nuevo en unos instantes.
error-slow-title = Consulta demasiado lenta
error-slow-text = Esta página pidió más trabajo del que el portal permite para una sola solicitud, así que se detuvo. Acote la búsqueda o los filtros e inténtelo de nuevo.
error-internal-title = Se produjo un error
error-internal-text = El portal no pudo responder a esta solicitud. El problema quedó registrado: inténtelo más tarde.
error-detail-request = No se pudo leer la dirección o sus parámetros: una vez decodificados deben ser texto UTF-8 válido.
error-request-id = Si el problema persiste, avise al equipo del portal citando este identificador de solicitud:
error-detail-cookie-encoding = El encabezado Cookie no es un texto válido.
error-detail-form = No se pudieron leer los datos del formulario.
error-detail-query = La búsqueda o los filtros son demasiado largos o no son válidos: acórtelos.
error-detail-form-type = El formulario debe enviarse como application/x-www-form-urlencoded.
error-detail-form-multipart = El formulario debe enviarse como multipart/form-data.

## Banner de consentimiento y centro de preferencias
footer-cookie-settings = Configuración de cookies
banner-title = Su elección sobre las cookies
banner-text = { $site } utiliza las cookies que necesita para funcionar. Con su consentimiento, también utilizaría las cookies y los contenidos opcionales que se indican a continuación. Rechazar es tan fácil como aceptar, y rechazar no cambia nada de lo que puede consultar o descargar aquí.
banner-revision = La política de cookies ha cambiado desde su última elección, por eso le preguntamos de nuevo.
banner-only-necessary = Este sitio solo instala las cookies que necesita para funcionar; registrar su elección evita que este mensaje vuelva a aparecer.
banner-change-later = Puede cambiar su elección en cualquier momento con «Configuración de cookies», al pie de cada página. Quién instala cada cookie y por qué:
consent-reject-all = Rechazar todo
consent-accept-all = Aceptar todo
consent-customise = Personalizar
consent-gpc-respected = Se respeta la señal Global Privacy Control de su navegador: las cookies publicitarias siguen rechazadas.
category-necessary-short = Técnicas
category-functionality-short = De personalización
category-statistics-short = De análisis
category-marketing-short = Publicitarias
purpose-necessary = Inicio de sesión, seguridad de los formularios, su idioma y su elección sobre las cookies. El sitio no puede funcionar sin ellas.
purpose-functionality = Funciones adicionales, como mapas integrados o el canal de notificaciones, que pueden instalar sus propias cookies.
purpose-statistics = Una medición de audiencia que podría identificarle. (El recuento de visitas propio del sitio no usa cookies y no requiere consentimiento.)
purpose-marketing = La publicidad y el seguimiento entre sitios por parte de terceros.
centre-title = Configuración de cookies
centre-lead = Elija qué cookies y contenidos opcionales puede utilizar { $site }. Las cookies técnicas están siempre activas.
centre-has-choice = Su elección actual se muestra a continuación; puede cambiarla y guardarla cuando quiera.
centre-no-choice = Todavía no ha hecho ninguna elección: no se utiliza nada opcional hasta que la haga.
centre-always-on = siempre activas
centre-cookies = Cookies:
centre-integrations = Contenidos de terceros:
centre-unused = Este sitio no utiliza nada de este tipo.
centre-save = Guardar mi elección
embed-blocked = { $name } solo se muestra si acepta las cookies «{ $category }», porque puede instalar sus propias cookies.
error-detail-consent-action = El formulario debe indicar reject_all, accept_all o save.
error-detail-consent-category = Una de las categorías marcadas no existe o no se puede elegir.
policy-revision = Versión { $revision } de la política, vigente desde el { $date }.
policy-third-parties-title = Contenidos de terceros
policy-third-parties-text = Estos servicios de otros sitios están integrados en algunas páginas. Solo se cargan, y solo pueden instalar sus propias cookies en sus propios dominios, si usted acepta su categoría.

## Back office: editor del registro, versiones, tasas de consentimiento
backoffice-revisions = Versiones de la política
backoffice-consent-rates = Tasas de consentimiento
backoffice-saved = Guardado como versión { $revision }.
backoffice-saved-reconsent = Este cambio añade o amplía una cookie opcional, así que se vuelve a pedir el consentimiento a los visitantes.
backoffice-revision = Versión
backoffice-consent-revision = las elecciones hechas desde la versión { $revision } siguen siendo válidas
backoffice-registry-help = Este registro genera la política de cookies y decide qué cookies deja pasar el servidor. Cada cambio crea una nueva versión.
backoffice-add-cookie = Añadir una cookie
backoffice-col-actions = Acciones
backoffice-edit = Editar
backoffice-remove = Eliminar
backoffice-integrations = Contenidos de terceros
backoffice-integrations-help = Mapas, vídeos, scripts o píxeles de otros sitios. Cada uno se inserta en las páginas, y su origen se autoriza, solo para los visitantes que aceptaron su categoría.
backoffice-add-integration = Añadir contenido de terceros
backoffice-col-integration = Nombre
backoffice-col-kind = Tipo
backoffice-col-origins = Orígenes
backoffice-enforcement = Aplicación
backoffice-enforcement-help = Cuando una página intenta instalar una cookie no declarada o no consentida:
backoffice-enforce = eliminarla (aplicar)
backoffice-report-only = dejarla pasar y registrarla (solo informar)
backoffice-apply = Aplicar
backoffice-cookie-form = Cookie
backoffice-back = Volver al back office
backoffice-name-help = El nombre exacto de la cookie, o un prefijo terminado en * para cubrir una familia de cookies (como _BEAMER*).
backoffice-lifetime-count = Duración (número)
backoffice-lifetime-unit = Duración (unidad)
backoffice-unit-session = hasta que se cierre el navegador
backoffice-unit-seconds = segundos
backoffice-unit-hours = horas
backoffice-unit-days = días
backoffice-unit-weeks = semanas
backoffice-unit-years = años
backoffice-texts-in = Textos en { $language }
backoffice-save = Guardar
backoffice-integration-form = Contenido de terceros
backoffice-src = Dirección del contenido (https)
backoffice-origins-help = Los orígenes https desde los que se carga, separados por espacios (por ejemplo https://player.example.org).
backoffice-description-in = Qué es, en { $language }
backoffice-revisions-help = La política está en la versión { $current }; las elecciones hechas desde la versión { $consent } siguen siendo válidas.
backoffice-revision-reconsent = volvió a pedir el consentimiento a los visitantes
backoffice-revision-first = La primera versión de la política de este sitio.
backoffice-rates-help = Elecciones registradas en los últimos 30 días: { $total }. Proporción de ellas que aceptó cada categoría opcional:
backoffice-col-day = Día
backoffice-col-choices = Elecciones
backoffice-rates-none = No se registró ninguna elección en los últimos 30 días.

## Explorador de datos
nav-datasets = Conjuntos de datos
explorer-catalog-title = Conjuntos de datos
explorer-catalog-entry = { $records } filas, { $fields } campos
explorer-catalog-empty = Todavía no se ha publicado ningún conjunto de datos en este portal.
explorer-search = Buscar en las filas
explorer-search-button = Buscar
explorer-clear = Quitar los filtros
explorer-filters = Filtros
explorer-rows = Filas { $first }–{ $last } de { $total }
explorer-pages = Páginas
explorer-previous = ← Anteriores
explorer-next = Siguientes →
explorer-export = Descargar estas filas:
explorer-chart = Representar una columna
explorer-chart-none = Sin gráfico
explorer-chart-button = Dibujar
explorer-chart-caption = Distribución de { $field } en las { $total } filas mostradas
explorer-chart-nulls = { $count } filas no tienen valor y no se representan.
explorer-chart-values = Los valores del gráfico
explorer-chart-count = Filas
explorer-chart-outliers = Las barras cubren el 98 % central de los valores; las barras de los extremos cuentan las filas por debajo de { $low } y a partir de { $high }.

## Claves de API
apikeys-title = Claves de API
apikeys-help = Una clave permite a un programa leer mediante la API los conjuntos de datos restringidos de este portal (cabecera Authorization: Apikey seguida de la clave). Solo se muestra una vez, al crearla; galette guarda únicamente su huella.
apikeys-created = Esta es la nueva clave. Cópiela ahora: no se volverá a mostrar.
apikeys-name = Nombre
apikeys-create = Crear una clave
apikeys-created-on = Creada el
apikeys-state = Estado
apikeys-active = activa
apikeys-revoked-on = revocada el { $date }
apikeys-revoke = Revocar
apikeys-error-name = Dé a la clave un nombre de 1 a 100 caracteres.
apikeys-quota-title = Cuotas
apikeys-quota-help = Llamadas a la API permitidas por periodo, contadas en todos los servidores del portal. Sin clave, cada dirección cliente tiene su propia cuenta; cada clave, y cada cuenta con sesión iniciada que no sea de administrador, tiene la suya. Los administradores no se cuentan. Superado el límite, las llamadas reciben un error 429 hasta que termina el periodo. 0 significa ilimitado.
apikeys-quota-per-address = Llamadas por dirección cliente (sin clave)
apikeys-quota-per-key = Llamadas por clave de API o cuenta con sesión iniciada
apikeys-quota-unit = Por
apikeys-quota-unit-minute = minuto
apikeys-quota-unit-hour = hora (UTC)
apikeys-quota-unit-day = día (UTC)
apikeys-quota-save = Guardar las cuotas
apikeys-quota-error = Una cuota debe ser un número entero de llamadas, de 0 (ilimitado) a 1 000 000 000, por minuto, hora o día.

## Conjuntos de datos (back office)
backoffice-datasets = Conjuntos de datos
datasets-title = Conjuntos de datos
datasets-help = Suba un archivo CSV para publicarlo como conjunto de datos o para reemplazar los datos de uno existente. La nueva versión aparece de una vez cuando la importación termina bien; mientras tanto, y si falla, los visitantes siguen viendo la versión actual.
datasets-none = Este portal aún no tiene ningún conjunto de datos.
datasets-col-id = Identificador
datasets-col-title = Título
datasets-col-rows = Filas
datasets-col-modified = Última modificación
datasets-col-visibility = Visibilidad
datasets-col-links = Enlaces
datasets-public = público
datasets-restricted = restringido
datasets-explore = Explorar
datasets-api = API
datasets-imported = Se importaron { $rows } filas en { $dataset }.
datasets-upload = Subir un archivo CSV
datasets-field-id = Identificador del conjunto de datos
datasets-field-id-help = Letras minúsculas, cifras, _ y -, empezando por una letra o una cifra; aparece en las direcciones y en la API. Un identificador existente reemplaza los datos de ese conjunto.
datasets-field-title = Título (opcional)
datasets-field-title-help = Se muestra en el catálogo. Si se deja vacío, un conjunto existente conserva su título; uno nuevo toma su identificador como título.
datasets-field-delimiter = Separador
datasets-delimiter-auto = detectarlo
datasets-delimiter-comma = coma (,)
datasets-delimiter-semicolon = punto y coma (;)
datasets-delimiter-tab = tabulador
datasets-delimiter-pipe = barra vertical (|)
datasets-field-visibility = Quién puede leerlo
datasets-visibility-keep = sin cambios (cualquiera, para un conjunto nuevo)
datasets-visibility-public = cualquiera
datasets-visibility-restricted = solo claves de API y usuarios con sesión iniciada
datasets-field-file = Archivo CSV
datasets-field-file-help = Texto UTF-8 o Windows-1252, con una fila de encabezado que nombre las columnas; { $limit } MiB como máximo. Los tipos de las columnas se detectan.
datasets-submit = Subir e importar
datasets-error-kept = La versión actual del conjunto de datos, si existe, no ha cambiado.
datasets-error-id = El identificador debe tener de 1 a 100 letras minúsculas, cifras, _ o -, y empezar por una letra o una cifra.
datasets-error-no-file = Elija un archivo CSV para subir.
datasets-error-title = El título puede tener 200 caracteres como máximo.
datasets-error-form = No se pudo leer el formulario; recargue la página e inténtelo de nuevo.
datasets-error-too-large = El archivo supera { $limit } MiB, el máximo que acepta este sitio.
datasets-error-server = El servidor no pudo guardar o leer el archivo; inténtelo de nuevo en un momento.
datasets-error-disk-full = La base de datos no pudo guardar la nueva versión: su disco está lleno o está en solo lectura. Pida a quien administra el servidor que libere espacio y vuelva a subir el archivo.
datasets-error-empty = El archivo está vacío: necesita una fila de encabezado que nombre las columnas.
datasets-error-not-text = El archivo no es texto CSV en UTF-8 o Windows-1252: parece una hoja de cálculo, un archivo comprimido o texto UTF-16. Guárdelo como «CSV UTF-8» y suba ese archivo.
datasets-error-field-count = Línea { $line }, columna { $column }: la fila tiene { $found } valores y el encabezado nombra { $expected } columnas. Probablemente falta o sobra un separador, o hay una comilla sin cerrar.
datasets-error-malformed = Línea { $line }: no se puede leer la fila ({ $reason }).
datasets-error-bad-value = Línea { $line }, columna { $column }: «{ $value }» no es un valor { $type } válido.
datasets-error-too-many-columns = El archivo tiene { $count } columnas; se permiten 1000 como máximo.
datasets-error-column-name = Línea 1, columna { $column }: el nombre de la columna tiene { $chars } caracteres; se permiten { $limit } como máximo.
datasets-error-cell-too-large = Línea { $line }, columna { $column }: el valor ocupa { $bytes } bytes; una celda admite 1 MiB (1048576 bytes) como máximo.

## Editor del registro: por qué se rechazó un formulario
registry-error-name-length = El nombre de una cookie debe tener de 1 a 128 caracteres.
registry-error-name-character = El nombre de cookie «{ $value }» contiene «{ $char }», que un nombre de cookie no puede contener.
registry-error-name-wildcard = El nombre de cookie «{ $value }»: «*» solo puede terminar un nombre, tras al menos un carácter.
registry-error-category = Elija una categoría.
registry-error-party = Elija propia o de terceros.
registry-error-unit = Elija una unidad de duración.
registry-error-lifetime-number = La duración debe ser un número entero.
registry-error-lifetime-range = La duración debe ser mayor que cero y de 10 años como máximo.
registry-error-texts-pair = Indique a la vez la función y la finalidad en { $language }, o ninguna de las dos.
registry-error-function-length = El texto de la función en { $language } debe tener de 1 a 500 caracteres.
registry-error-purpose-length = El texto de la finalidad en { $language } debe tener de 1 a 500 caracteres.
registry-error-no-text = Una cookie necesita sus textos en al menos un idioma.
registry-error-provider = El proveedor, si se indica, debe tener de 1 a 120 caracteres.
registry-error-kind = Elija un tipo.
registry-error-integration-name = El nombre de una integración debe tener de 1 a 80 caracteres.
registry-error-necessary = Una integración de terceros nunca es necesaria; elija funcionalidad, estadísticas o marketing.
registry-error-origin = «{ $value }» no es un origen como https://www.example.org: { $reason }.
registry-error-no-origin = Una integración necesita al menos un origen.
registry-error-source = La fuente «{ $value }» no es una dirección https.
registry-error-source-origin = La fuente se sirve desde { $origin }, que no es uno de los orígenes declarados.
registry-error-description-length = La descripción en { $language } debe tener de 1 a 500 caracteres.
registry-error-no-description = Una integración necesita su descripción en al menos un idioma.
registry-error-taken = Ya existe una declaración llamada «{ $name }»: edítela, o elija otro nombre.
registry-error-missing = La declaración «{ $name }» ya no existe (alguien la eliminó mientras tanto); recargue la página.
registry-error-stale = Existe una revisión más reciente de este registro: alguien lo editó mientras tanto. Recargue la página y vuelva a hacer su cambio.
registry-error-invalid = No se pudo guardar la declaración tal como está; revise cada campo.
registry-origin-scheme = debe empezar por https://
registry-origin-path = no debe tener ruta, consulta ni fragmento
registry-origin-user = no debe llevar nombre de usuario
registry-origin-wildcard = no se permiten comodines
registry-origin-characters = solo puede contener letras, cifras, puntos, guiones y un puerto
registry-origin-host = el nombre de host no es válido
registry-origin-port = el puerto debe ser un número de 1 a 65535
registry-origin-canonical = escríbalo en minúsculas, sin / final ni el puerto 443

## Las novedades (/news/ y su editor)
news-bell = { $count ->
    [0] Novedades, nada sin leer
    [one] { $count } novedad sin leer
   *[other] { $count } novedades sin leer
}
news-title = Novedades
news-lead = Noticias de la plataforma y de sus funciones, del equipo de la plataforma.
news-empty = No hay novedades por ahora.
news-new = Nuevo
news-read-state-cookie = Lo que ha leído se recuerda con las cookies de notificación descritas en la política de cookies, que usted aceptó.
news-read-state-account = Lo que ha leído se recuerda en su cuenta.
news-read-state-none = No se recuerda nada de lo que lee: la campana cuenta las novedades de los últimos 30 días.
news-admin-title = Novedades
news-admin-help = Las publicaciones aparecen en todos los sitios de la plataforma, en el idioma del visitante si la publicación lo tiene, si no en otro de sus idiomas.
news-admin-new = Escribir una publicación
news-admin-edit = Editar una publicación
news-admin-back = Volver a las novedades
news-admin-saved = Las novedades se han guardado.
news-admin-none = Todavía no hay publicaciones.
news-admin-delete = Eliminar
news-admin-delete-this = Eliminar esta publicación
news-admin-elsewhere = Las novedades las escriben los administradores de la plataforma, desde el sitio de la plataforma.
news-col-languages = Idiomas
news-col-state = Estado
news-state-scheduled = Programada
news-state-published = Visible
news-state-expired = Caducada
news-never = Nunca
news-field-title = Título
news-field-body = Texto
news-field-body-help = Los textos se escriben en Markdown: **negrita**, *cursiva*, [un enlace](https://example.org), listas. El HTML se muestra tal cual, nunca se ejecuta.
news-field-published = Fecha de publicación
news-field-published-help = En UTC. Una publicación con fecha futura queda oculta hasta entonces.
news-field-expires = Fecha de caducidad (opcional)
news-field-expires-help = En UTC. Déjela vacía para mantener la publicación visible.
news-field-languages-help = Escriba la publicación en los idiomas que quiera, al menos uno: un idioma vacío no forma parte de la publicación.
news-error-no-text = Escriba un título y un texto en al menos un idioma.
news-error-incomplete = La publicación en { $language } necesita un título y un texto (o deje ambos vacíos).
news-error-title-length = El título en { $language } es demasiado largo: 200 caracteres como máximo.
news-error-body-length = El texto en { $language } es demasiado largo: 20 000 caracteres como máximo.
news-error-published = La fecha de publicación no es una fecha: elija una, por ejemplo 2026-12-07 16:30.
news-error-expires = La fecha de caducidad no es una fecha: elija una o déjela vacía.
news-error-expires-before = La fecha de caducidad debe ser posterior a la de publicación.
news-error-go = Ir al campo

## Back office: análisis del sitio en un navegador real
backoffice-scan = Análisis de cookies
scan-title = Análisis de cookies
scan-help = Un análisis recorre este sitio en un navegador real sin interfaz, una vez por cada elección de consentimiento (ninguna elección, rechazar todo, aceptar todo, cada categoría opcional sola), y compara las cookies, el almacenamiento y los terceros que encuentra con la política publicada. Se ejecuta en segundo plano y tarda uno o dos minutos.
scan-run = Analizar el sitio ahora
scan-not-configured = Este servidor no tiene un navegador para analizar.
scan-notice-started = El análisis ha comenzado. Vuelva a cargar esta página dentro de un minuto para ver su resultado.
scan-notice-running = Ya hay un análisis de este sitio en curso; su resultado aparecerá aquí.
scan-shown = Análisis { $id }
scan-col-status = Resultado
scan-status-running = En curso
scan-status-clean = Conforme: el sitio hace lo que dice su política
scan-status-findings = Hallazgos
scan-status-failed = No pudo ejecutarse
scan-url = Página de inicio
scan-col-started = Iniciado
scan-col-finished = Terminado
scan-col-revision = Revisión de la política comprobada
scan-outdated = la política ha cambiado desde entonces (ahora revisión { $revision }): analice de nuevo
scan-browser = Navegador
scan-observed = Observado
scan-summary = { $states } estados de consentimiento, { $pages } páginas, { $cookies } cookies, { $origins } orígenes de terceros
scan-running-help = El análisis está en curso.
scan-reload = Volver a cargar para ver su resultado
scan-failed = El análisis no pudo terminar: { $reason }
scan-clean = Ningún hallazgo: cada cookie y cada tercero encontrado está declarado, con su duración y sus atributos, y ninguno llegó antes del consentimiento.
scan-findings = { $count ->
    [one] Un hallazgo
   *[other] { $count } hallazgos
}
scan-col-kind = Hallazgo
scan-col-state = Estado del consentimiento
scan-col-subject = Cookie u origen
scan-col-evidence = Prueba
scan-kind-undeclared_cookie = Cookie no declarada
scan-kind-set_before_consent = Instalada antes del consentimiento
scan-kind-lifetime_longer_than_declared = Dura más de lo declarado
scan-kind-weaker_attributes = Atributos más débiles que lo declarado
scan-kind-undeclared_third_party = Tercero no declarado
scan-kind-third_party_without_consent = Tercero contactado sin consentimiento
scan-more-findings = Otros { $count } hallazgos están en el informe JSON.
scan-download = Descargar el informe JSON
scan-signed = firmado con la clave Ed25519 { $key } (compruébelo con galette scan verify)
scan-unsigned = sin firmar (el servidor no tiene clave de firma)
scan-none = Este sitio aún no ha sido analizado.
scan-history = Análisis anteriores
scan-col-findings = Hallazgos
## Audience statistics (back office)
stats-title = Estadísticas de audiencia
stats-periods = Periodo
stats-period-today = Hoy
stats-period-7d = Últimos 7 días
stats-period-30d = Últimos 30 días
stats-period-12mo = Últimos 12 meses
stats-from = Desde
stats-to = Hasta
stats-site = Sitio
stats-all-sites = Todos los sitios
stats-show = Mostrar
stats-scope-all = Todos los sitios, sumados.
stats-scope-site = Sitio { $site }.
stats-period-summary = Del { $from } al { $to } ({ $days } días, UTC), comparado con { $prevfrom } – { $prevto }.
stats-period-summary-day = { $day }, hora por hora (UTC), comparado con { $previous }.
stats-visitor-days-note = En varios días, los «visitantes-día» suman los visitantes distintos de cada día. Un visitante solo se reconoce dentro de un mismo día: la clave que distingue a los visitantes se sustituye cada medianoche y la anterior se borra, así que una persona que vuelve otro día se cuenta de nuevo. No se usa ninguna cookie.
stats-visitors = Visitantes únicos
stats-visitor-days = Visitantes-día
stats-visits = Visitas
stats-pageviews = Páginas vistas
stats-bounce-rate = Tasa de rebote
stats-duration = Duración de la visita (media)
stats-api-calls = Llamadas a la API
stats-downloads = Descargas
stats-summary = Resumen y variación respecto al periodo anterior de la misma duración
stats-col-metric = Medida
stats-col-now = Este periodo
stats-col-before = Periodo anterior
stats-col-change = Variación
stats-col-time = Día u hora (UTC)
stats-col-page = Página
stats-col-referrer = Sitio de referencia
stats-col-language = Idioma
stats-col-device = Dispositivo
stats-col-browser = Navegador
stats-col-country = País
stats-col-dataset = Conjunto de datos
stats-col-format = Formato
stats-dropped = Eventos descartados por el registrador porque su cola estaba llena: { $count }
stats-series-caption = Páginas vistas (barras) y visitantes (línea) en el periodo
stats-chart-desc = Los mismos números están en la tabla bajo el gráfico.
stats-bars-desc = Gráfico de barras; los mismos números están en la tabla que sigue.
stats-as-table = Los números del gráfico como tabla
stats-top-page = Páginas más vistas
stats-top-entry = Páginas de entrada
stats-top-referrer = Sitios de referencia
stats-top-language = Idiomas
stats-top-device = Dispositivos
stats-top-browser = Navegadores
stats-top-country = Países
stats-top-dataset = Conjuntos de datos consultados
stats-top-api = Llamadas a la API por conjunto de datos
stats-top-download = Descargas por conjunto de datos y formato
stats-none = No se registró nada en este periodo.
stats-catalogue = (el catálogo)
stats-direct = (acceso directo o desconocido)
stats-export = Los mismos números:
stats-error-query = Las estadísticas solo aceptan period, from, to, site y format, cada uno una vez como máximo.
stats-error-period = El periodo debe ser today, 7d, 30d, 12mo o custom.
stats-error-date = Las fechas se escriben AAAA-MM-DD, por ejemplo 2026-03-01.
stats-error-custom = Un periodo personalizado necesita una fecha from y una fecha to.
stats-error-order = La fecha from no debe ser posterior a la fecha to.
stats-error-future = La fecha to no debe ser posterior a hoy (UTC).
stats-error-long = Un periodo abarca como máximo cinco años.
stats-error-mixed = Indique un periodo predefinido o fechas from y to, no ambos.
stats-error-format = El único otro formato es json.
stats-error-site = No hay ningún sitio con ese identificador.
stats-settings-title = Cómo cuenta este sitio
stats-settings-help = Estos ajustes se aplican a las estadísticas de este sitio desde los próximos eventos registrados, y la página de la política de cookies los describe. Las direcciones y los agentes de usuario nunca se guardan, elija lo que elija.
stats-settings-gpc = No contar las visitas de navegadores que envían Global Privacy Control o Do Not Track
stats-settings-staff = Contar las visitas de los administradores de este sitio con sesión iniciada
stats-settings-raw-days = Días que se guardan los eventos sin agregar (de 1 a 31)
stats-settings-retention = Meses que se guardan las cifras agregadas (de 1 a 25)
stats-settings-save = Guardar los ajustes
stats-settings-error-raw-days = Los eventos sin agregar se guardan un número entero de días, de 1 a 31.
stats-settings-error-retention = Las cifras agregadas se guardan un número entero de meses, de 1 a 25 (lo máximo que permite la medición de audiencia sin consentimiento).
