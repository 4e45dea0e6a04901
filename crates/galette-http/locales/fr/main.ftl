# galette — français. Chaque fichier de langue contient exactement les mêmes identifiants de message.

## Mise en page
nav-skip = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-policy = Politique de cookies
nav-backoffice = Back-office
nav-account = Mon compte
nav-login = Se connecter
footer-powered = Portail de données ouvertes propulsé par galette
language-label = Langue :

## Accueil
home-title = Accueil
home-lead = Les données ouvertes publiées par ce portail, à explorer, télécharger et réutiliser librement depuis ses pages et son API.
home-data-title = Jeux de données
home-data-text = Parcourez les jeux de données publiés par ce portail : recherchez, filtrez, triez, téléchargez-les, ou interrogez-les par l’API.
home-data-rows = { $count } lignes
home-cookies-title = Cookies
home-cookies-text = { $count ->
    [one] Ce site déclare { $count } cookie et ne dépose aucun cookie non déclaré.
   *[other] Ce site déclare { $count } cookies et ne dépose aucun cookie non déclaré.
}
home-cookies-link = Lire la politique de cookies
home-account-title = Votre compte
home-account-text = Connectez-vous pour accéder à votre compte et, pour les administrateurs, au back-office.
home-account-signed-in = Vous êtes connecté en tant que { $email }.

## Politique de cookies
policy-title = Politique de cookies
policy-last-update = Dernière mise à jour : { $date }
policy-intro-functioning-and-audience = Ce portail utilise des cookies pour assurer son bon fonctionnement et mesure son audience afin d’améliorer son service.
policy-intro-functioning = Ce site utilise des cookies pour assurer le bon fonctionnement de ses services.
policy-what-title = Qu’est-ce qu’un cookie ?
policy-what-text = Un cookie est une petite information, identifiée par un nom, qu’un site web demande à votre navigateur de conserver. Votre navigateur l’enregistre pour une durée déterminée et la renvoie à ce site à chacune de vos visites ultérieures. Les cookies ont de nombreux usages : maintenir votre connexion, mémoriser le contenu d’un panier, ou identifier votre navigateur pour suivre vos visites à des fins statistiques ou publicitaires.
policy-types-title = Les types de cookies, et quand votre consentement est requis
policy-type-necessary-name = Cookies nécessaires
policy-type-necessary = Déposés par le site lui-même, ils conservent des informations d’une page ou d’une visite à l’autre sur un même appareil : une connexion, un panier, une préférence d’affichage. Le service que vous avez demandé ne peut pas fonctionner sans eux ; ils ne nécessitent donc pas de consentement.
policy-type-statistics-name = Cookies de mesure d’audience
policy-type-statistics = Ils suivent l’activité des visiteurs sur un site. Lorsque les statistiques qu’ils produisent sont anonymes, c’est-à-dire qu’elles ne peuvent jamais être rattachées à une personne, aucun consentement n’est requis ; dans le cas contraire, il l’est.
policy-type-first-party-name = Autres cookies internes
policy-type-first-party = Déposés par le site que vous consultez en plus des cookies nécessaires, ils peuvent collecter des données personnelles, suivre votre comportement ou servir à afficher de la publicité. Ils nécessitent votre consentement.
policy-type-third-party-name = Cookies tiers
policy-type-third-party = Déposés par un autre site (souvent un annonceur), ou pour son compte, sur le site que vous consultez, ils permettent à cet autre site de savoir quelles pages vous avez vues et de collecter des informations vous concernant. Ils nécessitent votre consentement.
policy-used-title = Cookies utilisés sur { $site }
category-necessary = Cookies nécessaires et fonctionnels
category-functionality = Cookies fonctionnels
category-statistics = Cookies de mesure d’audience
category-marketing = Cookies publicitaires
policy-consent-needed = Ces cookies ne sont déposés qu’une fois que vous les avez acceptés.
policy-consent-not-needed = Le site ne peut pas fonctionner sans ces cookies ; ils ne nécessitent pas de consentement.
policy-col-provider = Fournisseur
policy-col-function = Fonction et emplacement
policy-col-name = Nom du cookie
policy-col-purpose = Finalité
policy-col-lifetime = Durée de vie
policy-wildcard = (tous les cookies dont le nom commence ainsi)
policy-json-link = Les mêmes informations, dans un format lisible par machine :

## Statistiques d’audience sans cookie (section de la politique, selon les réglages du site)
stats-notice-title = Statistiques d’audience sans cookie
stats-notice-no-cookie = Le site compte ses visites sur son propre serveur, sans cookie, sans script et sans rien stocker dans votre navigateur. Ces statistiques ne demandent pas votre consentement et ne sont montrées qu’aux administrateurs du site.
stats-notice-salt = Pour distinguer les visiteurs d’une même journée, votre adresse et le nom de votre navigateur sont hachés avec une clé aléatoire qui change chaque jour à minuit (UTC) puis est effacée. Votre adresse et le nom de votre navigateur ne sont jamais enregistrés, et des visites de deux jours différents ne peuvent jamais être reliées.
stats-notice-stored = Ce qui est gardé d’une page vue : la page (sans ses paramètres), le nom du site d’où vous venez, la langue servie, le type d’appareil et la famille de navigateur.
stats-notice-stored-country = Ce qui est conservé d’une page vue : la page (sans ses paramètres), le nom du site d’où vient le visiteur, la langue servie, le type d’appareil, la famille de navigateur, et le pays dont relève l’adresse (cherché dans une table sur le serveur ; l’adresse elle-même n’est pas conservée).
stats-notice-gpc-honoured = Si votre navigateur envoie Global Privacy Control (GPC) ou Do Not Track, vos visites ne sont pas comptées du tout.
stats-notice-gpc-ignored = Les visites sont comptées même quand le navigateur envoie Global Privacy Control (GPC) ou Do Not Track, car les statistiques n’identifient personne.
stats-notice-staff-excluded = Les visites des administrateurs du site connectés ne sont pas comptées.
stats-notice-staff-counted = Les visites des administrateurs du site connectés sont comptées comme les autres.
stats-notice-bots = Les robots, les aperçus de liens et les préchargements ne sont pas comptés.
stats-notice-retention = Les relevés détaillés sont gardés { $days ->
        [one] un jour
       *[other] { $days } jours
    } et perdent leur clé de visiteur quotidienne à la fin de leur journée ; les totaux sont gardés { $months } mois.
party-first = Interne
party-third = Tiers

## Durées de vie
lifetime-session = Jusqu’à la fermeture du navigateur
lifetime-years = { $count ->
    [one] { $count } an
   *[other] { $count } ans
}
lifetime-weeks = { $count ->
    [one] { $count } semaine
   *[other] { $count } semaines
}
lifetime-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
lifetime-hours = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
lifetime-seconds = { $count ->
    [one] { $count } seconde
   *[other] { $count } secondes
}

## Connexion et compte
login-title = Connexion
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = Se connecter
login-error-credentials = L’adresse e-mail ou le mot de passe est incorrect.
login-error-throttled = Trop de tentatives infructueuses. Par mesure de sécurité, la connexion est suspendue pendant 15 minutes.
account-title = Mon compte
account-signed-in-as = Vous êtes connecté en tant que { $email }.
account-admin = Vous administrez ce portail.
account-logout = Se déconnecter

## Back-office
backoffice-title = Back-office
backoffice-slug = Site
backoffice-hostnames = Adresses
backoffice-default-language = Langue par défaut
backoffice-registry = Registre des cookies
backoffice-col-category = Catégorie
backoffice-col-party = Origine
backoffice-col-languages = Traductions

## Erreurs
error-back-home = Retour à la page d’accueil
error-unknown-portal-title = Ce portail n’existe pas
error-unknown-portal-text = Aucun portail de données ouvertes n’est publié à cette adresse. Vérifiez l’adresse saisie.
error-not-found-title = Page introuvable
error-not-found-text = Aucune page n’existe à cette adresse sur ce portail.
error-method-title = Méthode non autorisée
error-method-text = Cette adresse n’accepte pas ce type de requête.
error-csrf-title = Échec du contrôle de sécurité
error-csrf-text = La requête a été refusée car sa protection contre la falsification de requêtes intersites (CSRF) n’a pas pu être validée. Rechargez la page et réessayez ; si le problème persiste, autorisez les cookies pour ce site.
error-admins-only-title = Réservé aux administrateurs
error-admins-only-text = Le back-office est réservé aux administrateurs de ce portail.
error-bad-request-title = Requête incorrecte
error-bad-request-text = La requête n’a pas pu être interprétée.
error-too-large-title = Requête trop volumineuse
error-too-large-text = Le formulaire envoyé dépasse la taille acceptée par ce site.
error-timeout-title = Délai dépassé
error-timeout-text = Le formulaire a cessé d’arriver avant d’être complet. Vérifiez votre connexion, puis envoyez-le de nouveau.
error-headers-too-large-title = Cookies trop volumineux
error-headers-too-large-text = Votre navigateur a envoyé plus de données de cookies que ce site n’en accepte. Supprimez les cookies de ce site dans votre navigateur, puis rechargez la page.
error-unavailable-title = Service temporairement indisponible
error-unavailable-text = Le portail ne parvient pas à joindre sa base de données pour le moment. Veuillez réessayer dans quelques instants.
error-slow-title = Requête trop lente
error-slow-text = Cette page demandait plus de travail que le portail n’en accepte pour une requête : elle a été arrêtée. Affinez la recherche ou les filtres, puis réessayez.
error-internal-title = Une erreur est survenue
error-internal-text = Le portail n’a pas pu répondre à cette requête. Le problème a été consigné : réessayez plus tard.
error-detail-request = L’adresse ou ses paramètres n’ont pas pu être lus : une fois décodés, ils doivent être du texte UTF-8 valide.
error-request-id = Si le problème persiste, signalez-le à l’équipe du portail en citant cet identifiant de requête :
error-detail-cookie-encoding = L’en-tête Cookie n’est pas un texte valide.
error-detail-form = Les données du formulaire n’ont pas pu être lues.
error-detail-query = La recherche ou les filtres sont trop longs ou mal formés : raccourcissez-les.
error-detail-form-type = Le formulaire doit être envoyé au format application/x-www-form-urlencoded.
error-detail-form-multipart = Le formulaire doit être envoyé au format multipart/form-data.

## Bandeau de consentement et centre de préférences
footer-cookie-settings = Paramètres des cookies
banner-title = Votre choix en matière de cookies
banner-text = { $site } utilise les cookies dont il a besoin pour fonctionner. Avec votre consentement, il utiliserait aussi les cookies et contenus facultatifs ci-dessous. Refuser est aussi simple qu’accepter, et refuser ne change rien à ce que vous pouvez lire ou télécharger ici.
banner-revision = La politique de cookies a changé depuis votre dernier choix : nous vous demandons à nouveau votre avis.
banner-only-necessary = Ce site ne dépose que les cookies nécessaires à son fonctionnement ; enregistrer votre choix évite que ce message revienne.
banner-change-later = Vous pouvez modifier votre choix à tout moment avec « Paramètres des cookies », en bas de chaque page. Qui dépose chaque cookie, et pourquoi :
consent-reject-all = Tout refuser
consent-accept-all = Tout accepter
consent-customise = Personnaliser
consent-gpc-respected = Le signal Global Privacy Control de votre navigateur est respecté : les cookies publicitaires restent refusés.
category-necessary-short = Nécessaires
category-functionality-short = Fonctionnels
category-statistics-short = Mesure d’audience
category-marketing-short = Publicitaires
purpose-necessary = Connexion, sécurité des formulaires, votre langue et votre choix en matière de cookies. Le site ne peut pas fonctionner sans eux.
purpose-functionality = Des fonctions supplémentaires, comme des cartes intégrées ou le fil de notifications, qui peuvent déposer leurs propres cookies.
purpose-statistics = Une mesure d’audience qui pourrait vous identifier. (Le comptage des visites propre au site n’utilise aucun cookie et ne demande aucun consentement.)
purpose-marketing = La publicité et le suivi d’un site à l’autre par des tiers.
centre-title = Paramètres des cookies
centre-lead = Choisissez les cookies et contenus facultatifs que { $site } peut utiliser. Les cookies nécessaires sont toujours actifs.
centre-has-choice = Votre choix actuel est affiché ci-dessous ; modifiez-le et enregistrez-le quand vous le souhaitez.
centre-no-choice = Vous n’avez pas encore fait de choix : rien de facultatif n’est utilisé tant que vous ne l’avez pas fait.
centre-always-on = toujours actifs
centre-cookies = Cookies :
centre-integrations = Contenus tiers :
centre-unused = Ce site n’utilise rien de ce type.
centre-save = Enregistrer mon choix
embed-blocked = { $name } ne s’affiche que si vous acceptez les cookies « { $category } », car il peut déposer ses propres cookies.
error-detail-consent-action = Le formulaire doit indiquer reject_all, accept_all ou save.
error-detail-consent-category = L’une des catégories cochées n’existe pas ou ne peut pas être choisie.
policy-revision = Version { $revision } de la politique, en vigueur depuis le { $date }.
policy-third-parties-title = Contenus tiers
policy-third-parties-text = Ces services d’autres sites sont intégrés à certaines pages. Ils ne se chargent, et ne peuvent déposer leurs propres cookies sur leurs propres domaines, que si vous acceptez leur catégorie.

## Back-office : éditeur du registre, versions, taux de consentement
backoffice-revisions = Versions de la politique
backoffice-consent-rates = Taux de consentement
backoffice-saved = Enregistré comme version { $revision }.
backoffice-saved-reconsent = Cette modification ajoute ou élargit un cookie facultatif : le consentement des visiteurs leur est donc demandé à nouveau.
backoffice-revision = Version
backoffice-consent-revision = les choix faits depuis la version { $revision } restent valables
backoffice-registry-help = Ce registre génère la politique de cookies et décide des cookies que le serveur laisse passer. Chaque modification crée une nouvelle version.
backoffice-add-cookie = Ajouter un cookie
backoffice-col-actions = Actions
backoffice-edit = Modifier
backoffice-remove = Supprimer
backoffice-integrations = Contenus tiers
backoffice-integrations-help = Cartes, vidéos, scripts ou pixels provenant d’autres sites. Chacun n’est inséré dans les pages, et son origine autorisée, que pour les visiteurs qui ont accepté sa catégorie.
backoffice-add-integration = Ajouter un contenu tiers
backoffice-col-integration = Nom
backoffice-col-kind = Type
backoffice-col-origins = Origines
backoffice-enforcement = Application
backoffice-enforcement-help = Quand une page tente de déposer un cookie non déclaré ou non consenti :
backoffice-enforce = le supprimer (appliquer)
backoffice-report-only = le laisser passer et le journaliser (signaler seulement)
backoffice-apply = Appliquer
backoffice-cookie-form = Cookie
backoffice-back = Retour au back-office
backoffice-name-help = Le nom exact du cookie, ou un préfixe terminé par * pour couvrir une famille de cookies (comme _BEAMER*).
backoffice-lifetime-count = Durée de vie (nombre)
backoffice-lifetime-unit = Durée de vie (unité)
backoffice-unit-session = jusqu’à la fermeture du navigateur
backoffice-unit-seconds = secondes
backoffice-unit-hours = heures
backoffice-unit-days = jours
backoffice-unit-weeks = semaines
backoffice-unit-years = ans
backoffice-texts-in = Textes en { $language }
backoffice-save = Enregistrer
backoffice-integration-form = Contenu tiers
backoffice-src = Adresse du contenu (https)
backoffice-origins-help = Les origines https depuis lesquelles il se charge, séparées par des espaces (par exemple https://player.example.org).
backoffice-description-in = Ce que c’est, en { $language }
backoffice-revisions-help = La politique en est à la version { $current } ; les choix faits depuis la version { $consent } restent valables.
backoffice-revision-reconsent = a redemandé le consentement des visiteurs
backoffice-revision-first = La première version de la politique de ce site.
backoffice-rates-help = Choix enregistrés ces 30 derniers jours : { $total }. Part de ceux qui ont accepté chaque catégorie facultative :
backoffice-col-day = Jour
backoffice-col-choices = Choix
backoffice-rates-none = Aucun choix n’a été enregistré ces 30 derniers jours.

## Explorateur de données
nav-datasets = Jeux de données
explorer-catalog-title = Jeux de données
explorer-catalog-entry = { $records } lignes, { $fields } champs
explorer-catalog-empty = Aucun jeu de données n’est encore publié sur ce portail.
explorer-search = Rechercher dans les lignes
explorer-search-button = Rechercher
explorer-clear = Effacer les filtres
explorer-filters = Filtres
explorer-rows = Lignes { $first } à { $last } sur { $total }
explorer-pages = Pages
explorer-previous = ← Précédentes
explorer-next = Suivantes →
explorer-export = Télécharger ces lignes :
explorer-chart = Représenter une colonne
explorer-chart-none = Aucun graphique
explorer-chart-button = Dessiner
explorer-chart-caption = Répartition de { $field } sur les { $total } lignes affichées
explorer-chart-nulls = { $count } lignes n’ont pas de valeur et ne sont pas représentées.
explorer-chart-values = Les valeurs du graphique
explorer-chart-count = Lignes
explorer-chart-outliers = Les barres couvrent les 98 % centraux des valeurs ; les barres extrêmes comptent les lignes sous { $low } et à partir de { $high }.

## Clés d’API
apikeys-title = Clés d’API
apikeys-help = Une clé permet à un programme de lire par l’API les jeux de données restreints de ce portail (en-tête Authorization: Apikey suivi de la clé). Elle n’est affichée qu’une fois, à sa création ; galette n’en garde que l’empreinte.
apikeys-created = Voici la nouvelle clé. Copiez-la maintenant : elle ne sera plus affichée.
apikeys-name = Nom
apikeys-create = Créer une clé
apikeys-created-on = Créée le
apikeys-state = État
apikeys-active = active
apikeys-revoked-on = révoquée le { $date }
apikeys-revoke = Révoquer
apikeys-error-name = Donnez à la clé un nom de 1 à 100 caractères.
apikeys-quota-title = Quotas
apikeys-quota-help = Appels à l’API permis par période, comptés sur tous les serveurs du portail. Sans clé, chaque adresse cliente a son propre compte ; chaque clé, et chaque compte connecté qui n’est pas administrateur, a le sien. Les administrateurs ne sont pas comptés. Au-delà de la limite, les appels reçoivent une erreur 429 jusqu’à la fin de la période. 0 signifie illimité.
apikeys-quota-per-address = Appels par adresse cliente (sans clé)
apikeys-quota-per-key = Appels par clé d’API ou compte connecté
apikeys-quota-unit = Par
apikeys-quota-unit-minute = minute
apikeys-quota-unit-hour = heure (UTC)
apikeys-quota-unit-day = jour (UTC)
apikeys-quota-save = Enregistrer les quotas
apikeys-quota-error = Un quota doit être un nombre entier d’appels, de 0 (illimité) à 1 000 000 000, par minute, heure ou jour.

## Jeux de données (back-office)
backoffice-datasets = Jeux de données
datasets-title = Jeux de données
datasets-help = Envoyez un fichier CSV pour le publier comme jeu de données, ou pour remplacer les données d’un jeu existant. La nouvelle version apparaît d’un coup quand l’import réussit ; d’ici là, et en cas d’échec, les visiteurs continuent de voir la version actuelle.
datasets-none = Ce portail n’a encore aucun jeu de données.
datasets-col-id = Identifiant
datasets-col-title = Titre
datasets-col-rows = Lignes
datasets-col-modified = Dernière modification
datasets-col-visibility = Visibilité
datasets-col-links = Liens
datasets-public = public
datasets-restricted = restreint
datasets-explore = Explorer
datasets-api = API
datasets-imported = { $rows } lignes importées dans { $dataset }.
datasets-upload = Envoyer un fichier CSV
datasets-field-id = Identifiant du jeu de données
datasets-field-id-help = Lettres minuscules, chiffres, _ et -, en commençant par une lettre ou un chiffre ; il figure dans les adresses et dans l’API. Un identifiant existant remplace les données de ce jeu.
datasets-field-title = Titre (facultatif)
datasets-field-title-help = Affiché dans le catalogue. Laissé vide, un jeu existant garde son titre ; un nouveau prend son identifiant pour titre.
datasets-field-delimiter = Séparateur
datasets-delimiter-auto = le détecter
datasets-delimiter-comma = virgule (,)
datasets-delimiter-semicolon = point-virgule (;)
datasets-delimiter-tab = tabulation
datasets-delimiter-pipe = barre verticale (|)
datasets-field-visibility = Qui peut le lire
datasets-visibility-keep = inchangé (tout le monde, pour un nouveau jeu)
datasets-visibility-public = tout le monde
datasets-visibility-restricted = clés d’API et utilisateurs connectés seulement
datasets-field-file = Fichier CSV
datasets-field-file-help = Texte UTF-8 ou Windows-1252, avec une ligne d’en-tête qui nomme les colonnes ; { $limit } Mio au plus. Les types des colonnes sont détectés.
datasets-submit = Envoyer et importer
datasets-error-kept = La version actuelle du jeu de données, s’il existe, est inchangée.
datasets-error-id = L’identifiant doit compter 1 à 100 lettres minuscules, chiffres, _ ou -, et commencer par une lettre ou un chiffre.
datasets-error-no-file = Choisissez un fichier CSV à envoyer.
datasets-error-title = Le titre ne peut dépasser 200 caractères.
datasets-error-form = Le formulaire n’a pas pu être lu ; rechargez la page et réessayez.
datasets-error-too-large = Le fichier dépasse { $limit } Mio, le maximum accepté par ce site.
datasets-error-server = Le serveur n’a pas pu enregistrer ou relire le fichier ; réessayez dans un instant.
datasets-error-disk-full = La base de données n’a pas pu enregistrer la nouvelle version : son disque est plein ou elle est en lecture seule. Demandez à qui administre le serveur de libérer de la place, puis envoyez à nouveau le fichier.
datasets-error-empty = Le fichier est vide : il lui faut une ligne d’en-tête qui nomme les colonnes.
datasets-error-not-text = Le fichier n’est pas un texte CSV en UTF-8 ou Windows-1252 : il ressemble à un classeur, une archive ou un texte UTF-16. Enregistrez-le au format « CSV UTF-8 » et envoyez ce fichier.
datasets-error-field-count = Ligne { $line }, colonne { $column } : la ligne a { $found } valeurs alors que l’en-tête nomme { $expected } colonnes. Un séparateur manque ou est en trop, ou un guillemet n’est pas fermé.
datasets-error-malformed = Ligne { $line } : la ligne ne peut pas être lue ({ $reason }).
datasets-error-bad-value = Ligne { $line }, colonne { $column } : « { $value } » n’est pas une valeur { $type } valide.
datasets-error-too-many-columns = Le fichier a { $count } colonnes ; 1000 au plus sont permises.
datasets-error-column-name = Ligne 1, colonne { $column } : le nom de la colonne a { $chars } caractères ; { $limit } au plus sont permis.
datasets-error-cell-too-large = Ligne { $line }, colonne { $column } : la valeur fait { $bytes } octets ; une cellule peut en contenir 1 Mio (1048576 octets) au plus.

## Éditeur du registre : pourquoi un formulaire est refusé
registry-error-name-length = Un nom de cookie doit compter de 1 à 128 caractères.
registry-error-name-character = Le nom de cookie « { $value } » contient « { $char } », qu’un nom de cookie ne peut pas contenir.
registry-error-name-wildcard = Le nom de cookie « { $value } » : « * » ne peut que terminer un nom, après au moins un caractère.
registry-error-category = Choisissez une catégorie.
registry-error-party = Choisissez première ou tierce partie.
registry-error-unit = Choisissez une unité de durée.
registry-error-lifetime-number = La durée doit être un nombre entier.
registry-error-lifetime-range = La durée doit être supérieure à zéro et de 10 ans au plus.
registry-error-texts-pair = Donnez à la fois la fonction et la finalité en { $language }, ou aucune des deux.
registry-error-function-length = Le texte de la fonction en { $language } doit compter de 1 à 500 caractères.
registry-error-purpose-length = Le texte de la finalité en { $language } doit compter de 1 à 500 caractères.
registry-error-no-text = Un cookie doit avoir ses textes dans au moins une langue.
registry-error-provider = Le fournisseur, s’il est indiqué, doit compter de 1 à 120 caractères.
registry-error-kind = Choisissez un type.
registry-error-integration-name = Le nom d’une intégration doit compter de 1 à 80 caractères.
registry-error-necessary = Une intégration tierce n’est jamais nécessaire ; choisissez fonctionnalité, statistiques ou marketing.
registry-error-origin = « { $value } » n’est pas une origine comme https://www.example.org : { $reason }.
registry-error-no-origin = Une intégration doit déclarer au moins une origine.
registry-error-source = La source « { $value } » n’est pas une adresse https.
registry-error-source-origin = La source est servie depuis { $origin }, qui ne fait pas partie des origines déclarées.
registry-error-description-length = La description en { $language } doit compter de 1 à 500 caractères.
registry-error-no-description = Une intégration doit avoir sa description dans au moins une langue.
registry-error-taken = Une déclaration nommée « { $name } » existe déjà : modifiez-la, ou choisissez un autre nom.
registry-error-missing = La déclaration « { $name } » n’existe plus (quelqu’un l’a supprimée entre-temps) ; rechargez la page.
registry-error-stale = Une révision plus récente de ce registre existe : quelqu’un l’a modifié entre-temps. Rechargez la page et refaites votre modification.
registry-error-invalid = La déclaration n’a pas pu être enregistrée telle quelle ; vérifiez chaque champ.
registry-origin-scheme = elle doit commencer par https://
registry-origin-path = elle ne doit avoir ni chemin, ni requête, ni fragment
registry-origin-user = elle ne doit pas porter de nom d’utilisateur
registry-origin-wildcard = les jokers ne sont pas permis
registry-origin-characters = elle ne peut contenir que des lettres, des chiffres, des points, des tirets et un port
registry-origin-host = le nom d’hôte n’est pas valide
registry-origin-port = le port doit être un nombre de 1 à 65535
registry-origin-canonical = écrivez-la en minuscules, sans / final ni port 443

## Le fil de nouveautés (/news/ et son éditeur)
news-bell = { $count ->
    [0] Nouveautés, rien de non lu
    [one] { $count } nouveauté non lue
   *[other] { $count } nouveautés non lues
}
news-title = Nouveautés
news-lead = Les nouvelles de la plateforme et de ses fonctionnalités, par l'équipe de la plateforme.
news-empty = Aucune nouveauté pour le moment.
news-new = Nouveau
news-read-state-cookie = Ce que vous avez lu est retenu par les cookies de notification décrits dans la politique de cookies, que vous avez acceptés.
news-read-state-account = Ce que vous avez lu est retenu dans votre compte.
news-read-state-none = Rien n'est retenu de ce que vous lisez : la cloche compte les nouveautés des 30 derniers jours.
news-admin-title = Nouveautés
news-admin-help = Les articles paraissent sur tous les sites de la plateforme, dans la langue du visiteur si l'article l'a, sinon dans une autre de ses langues.
news-admin-new = Écrire un article
news-admin-edit = Modifier un article
news-admin-back = Retour aux nouveautés
news-admin-saved = Les nouveautés sont enregistrées.
news-admin-none = Aucun article pour l'instant.
news-admin-delete = Supprimer
news-admin-delete-this = Supprimer cet article
news-admin-elsewhere = Les nouveautés sont écrites par les administrateurs de la plateforme, depuis le site de la plateforme.
news-col-languages = Langues
news-col-state = État
news-state-scheduled = Programmé
news-state-published = Affiché
news-state-expired = Expiré
news-never = Jamais
news-field-title = Titre
news-field-body = Texte
news-field-body-help = Les textes s'écrivent en Markdown : **gras**, *italique*, [un lien](https://example.org), listes. Le HTML est affiché tel quel, jamais exécuté.
news-field-published = Date de publication
news-field-published-help = En UTC. Un article dont la date est à venir reste caché jusque-là.
news-field-expires = Date d'expiration (facultative)
news-field-expires-help = En UTC. Laissez-la vide pour garder l'article affiché.
news-field-languages-help = Écrivez l'article dans les langues de votre choix, au moins une : une langue laissée vide ne fait pas partie de l'article.
news-error-no-text = Écrivez un titre et un texte dans au moins une langue.
news-error-incomplete = L'article en { $language } doit avoir un titre et un texte (ou laissez les deux vides).
news-error-title-length = Le titre en { $language } est trop long : 200 caractères au plus.
news-error-body-length = Le texte en { $language } est trop long : 20 000 caractères au plus.
news-error-published = La date de publication n'est pas une date : choisissez-en une, par exemple 2026-12-07 16:30.
news-error-expires = La date d'expiration n'est pas une date : choisissez-en une, ou laissez-la vide.
news-error-expires-before = La date d'expiration doit suivre la date de publication.
news-error-go = Aller au champ

## Back-office : analyses du site dans un vrai navigateur
backoffice-scan = Analyse des cookies
scan-title = Analyse des cookies
scan-help = Une analyse parcourt ce site dans un vrai navigateur sans interface, une fois par choix de consentement (aucun choix, tout refuser, tout accepter, chaque catégorie facultative seule), et compare les cookies, le stockage et les tiers rencontrés à la politique publiée. Elle s’exécute en arrière-plan et dure une minute ou deux.
scan-run = Analyser le site maintenant
scan-not-configured = Ce serveur n’a pas de navigateur pour analyser.
scan-notice-started = L’analyse a commencé. Rechargez cette page dans une minute pour voir son résultat.
scan-notice-running = Une analyse de ce site est déjà en cours ; son résultat apparaîtra ici.
scan-shown = Analyse { $id }
scan-col-status = Résultat
scan-status-running = En cours
scan-status-clean = Conforme : le site fait ce que dit sa politique
scan-status-findings = Constats
scan-status-failed = N’a pas pu s’exécuter
scan-url = Page de départ
scan-col-started = Commencée
scan-col-finished = Terminée
scan-col-revision = Révision de la politique vérifiée
scan-outdated = la politique a changé depuis (révision { $revision } maintenant) : analysez à nouveau
scan-browser = Navigateur
scan-observed = Observé
scan-summary = { $states } états de consentement, { $pages } pages, { $cookies } cookies, { $origins } origines tierces
scan-running-help = L’analyse est en cours.
scan-reload = Recharger pour voir son résultat
scan-failed = L’analyse n’a pas pu aboutir : { $reason }
scan-clean = Aucun constat : chaque cookie et chaque tiers rencontré est déclaré, avec sa durée et ses attributs, et aucun n’est venu avant le consentement.
scan-findings = { $count ->
    [one] Un constat
   *[other] { $count } constats
}
scan-col-kind = Constat
scan-col-state = État du consentement
scan-col-subject = Cookie ou origine
scan-col-evidence = Preuve
scan-kind-undeclared_cookie = Cookie non déclaré
scan-kind-set_before_consent = Déposé avant le consentement
scan-kind-lifetime_longer_than_declared = Dure plus longtemps que déclaré
scan-kind-weaker_attributes = Attributs plus faibles que déclaré
scan-kind-undeclared_third_party = Tiers non déclaré
scan-kind-third_party_without_consent = Tiers contacté sans consentement
scan-more-findings = { $count } autres constats figurent dans le rapport JSON.
scan-download = Télécharger le rapport JSON
scan-signed = signé avec la clé Ed25519 { $key } (vérifiez-le avec galette scan verify)
scan-unsigned = non signé (le serveur n’a pas de clé de signature)
scan-none = Ce site n’a pas encore été analysé.
scan-history = Analyses précédentes
scan-col-findings = Constats
## Audience statistics (back office)
stats-title = Statistiques d’audience
stats-periods = Période
stats-period-today = Aujourd’hui
stats-period-7d = 7 derniers jours
stats-period-30d = 30 derniers jours
stats-period-12mo = 12 derniers mois
stats-from = Du
stats-to = Au
stats-site = Site
stats-all-sites = Tous les sites
stats-show = Afficher
stats-scope-all = Tous les sites, additionnés.
stats-scope-site = Site { $site }.
stats-period-summary = Du { $from } au { $to } ({ $days } jours, UTC), comparé au { $prevfrom } – { $prevto }.
stats-period-summary-day = { $day }, heure par heure (UTC), comparé au { $previous }.
stats-visitor-days-note = Sur plusieurs jours, les « visiteurs-jours » additionnent les visiteurs distincts de chaque jour. Un visiteur n’est reconnu qu’au sein d’une journée : la clé qui distingue les visiteurs est remplacée chaque nuit à minuit et l’ancienne supprimée, si bien qu’une personne qui revient un autre jour est comptée à nouveau. Aucun cookie n’est utilisé.
stats-visitors = Visiteurs uniques
stats-visitor-days = Visiteurs-jours
stats-visits = Visites
stats-pageviews = Pages vues
stats-bounce-rate = Taux de rebond
stats-duration = Durée de visite (moyenne)
stats-api-calls = Appels à l’API
stats-downloads = Téléchargements
stats-summary = Résumé, et évolution par rapport à la période précédente de même durée
stats-col-metric = Mesure
stats-col-now = Cette période
stats-col-before = Période précédente
stats-col-change = Évolution
stats-col-time = Jour ou heure (UTC)
stats-col-page = Page
stats-col-referrer = Site référent
stats-col-language = Langue
stats-col-device = Appareil
stats-col-browser = Navigateur
stats-col-country = Pays
stats-col-dataset = Jeu de données
stats-col-format = Format
stats-dropped = Événements abandonnés par l’enregistreur faute de place dans sa file : { $count }
stats-series-caption = Pages vues (barres) et visiteurs (ligne) sur la période
stats-chart-desc = Les mêmes nombres figurent dans le tableau sous le graphique.
stats-bars-desc = Diagramme en barres ; les mêmes nombres figurent dans le tableau qui suit.
stats-as-table = Les nombres du graphique sous forme de tableau
stats-top-page = Pages les plus vues
stats-top-entry = Pages d’entrée
stats-top-referrer = Sites référents
stats-top-language = Langues
stats-top-device = Appareils
stats-top-browser = Navigateurs
stats-top-country = Pays
stats-top-dataset = Jeux de données consultés
stats-top-api = Appels à l’API par jeu de données
stats-top-download = Téléchargements par jeu de données et format
stats-none = Rien n’a été enregistré sur cette période.
stats-catalogue = (le catalogue)
stats-direct = (accès direct ou inconnu)
stats-export = Les mêmes nombres :
stats-error-query = Les statistiques n’acceptent que period, from, to, site et format, chacun une fois au plus.
stats-error-period = La période doit être today, 7d, 30d, 12mo ou custom.
stats-error-date = Les dates s’écrivent AAAA-MM-JJ, par exemple 2026-03-01.
stats-error-custom = Une période personnalisée demande une date from et une date to.
stats-error-order = La date from ne doit pas être postérieure à la date to.
stats-error-future = La date to ne doit pas dépasser aujourd’hui (UTC).
stats-error-long = Une période couvre au plus cinq ans.
stats-error-mixed = Indiquez soit une période prédéfinie, soit des dates from et to, pas les deux.
stats-error-format = Le seul autre format est json.
stats-error-site = Aucun site ne porte cet identifiant.
stats-settings-title = Comment ce site compte
stats-settings-help = Ces réglages s’appliquent aux statistiques de ce site dès les prochains événements enregistrés, et la page de politique des cookies les décrit. Les adresses et les agents utilisateurs ne sont jamais conservés, quel que soit votre choix.
stats-settings-gpc = Ne pas compter les visites des navigateurs qui envoient Global Privacy Control ou Do Not Track
stats-settings-staff = Compter les visites des administrateurs connectés de ce site
stats-settings-raw-days = Jours de conservation des événements bruts (de 1 à 31)
stats-settings-retention = Mois de conservation des chiffres agrégés (de 1 à 25)
stats-settings-save = Enregistrer les réglages
stats-settings-error-raw-days = Les événements bruts sont conservés un nombre entier de jours, de 1 à 31.
stats-settings-error-retention = Les chiffres agrégés sont conservés un nombre entier de mois, de 1 à 25 (le plus long que permet la mesure d’audience sans consentement).
