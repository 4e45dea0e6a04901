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
home-data-text = Le catalogue des jeux de données figurera ici, avec une vue en tableau, des filtres et des exports.
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
backoffice-registry-readonly = Le registre ci-dessous sert à générer la politique de cookies. Il est pour l’instant en lecture seule.
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
error-headers-too-large-title = Cookies trop volumineux
error-headers-too-large-text = Votre navigateur a envoyé plus de données de cookies que ce site n’en accepte. Supprimez les cookies de ce site dans votre navigateur, puis rechargez la page.
error-unavailable-title = Service temporairement indisponible
error-unavailable-text = Le portail ne parvient pas à joindre sa base de données pour le moment. Veuillez réessayer dans quelques instants.
error-internal-title = Une erreur est survenue
error-internal-text = Le portail n’a pas pu répondre à cette requête. Le problème a été enregistré.
error-detail-cookie-encoding = L’en-tête Cookie n’est pas un texte valide.
error-detail-form = Les données du formulaire n’ont pas pu être lues.
error-detail-form-type = Le formulaire doit être envoyé au format application/x-www-form-urlencoded.
