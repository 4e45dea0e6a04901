# galette — português. Todos os ficheiros de idioma têm exatamente os mesmos identificadores de mensagem.

## Estrutura da página
nav-skip = Saltar para o conteúdo
nav-label = Navegação principal
nav-home = Início
nav-policy = Política de cookies
nav-backoffice = Back office
nav-account = A minha conta
nav-login = Iniciar sessão
footer-powered = Portal de dados abertos desenvolvido com galette
language-label = Idioma:

## Página inicial
home-title = Página inicial
home-lead = Dados abertos publicados por este portal, que pode explorar, transferir e reutilizar livremente através das suas páginas e da sua API.
home-data-title = Conjuntos de dados
home-data-text = Explore os conjuntos de dados publicados por este portal: pesquise-os, filtre-os, ordene-os, transfira-os ou consulte-os através da API.
home-data-rows = { $count } linhas
home-cookies-title = Cookies
home-cookies-text = { $count ->
    [one] Este site declara { $count } cookie e não instala nenhum cookie que não tenha declarado.
   *[other] Este site declara { $count } cookies e não instala nenhum cookie que não tenha declarado.
}
home-cookies-link = Consultar a política de cookies
home-account-title = A sua conta
home-account-text = Inicie sessão para aceder à sua conta e, no caso dos administradores, ao back office.
home-account-signed-in = Tem sessão iniciada como { $email }.

## Política de cookies
policy-title = Política de cookies
policy-last-update = Última atualização: { $date }
policy-intro-functioning-and-audience = Este portal utiliza cookies para funcionar corretamente e mede a sua audiência para melhorar o serviço que presta.
policy-intro-functioning = Este site utiliza cookies para que os seus serviços funcionem corretamente.
policy-what-title = O que é um cookie?
policy-what-text = Um cookie é um pequeno elemento de informação, identificado por um nome, que um site pede ao seu navegador para guardar. O navegador armazena-o durante um período determinado e reenvia-o a esse site em cada visita posterior. Os cookies têm muitas finalidades: manter a sua sessão iniciada, memorizar o conteúdo de um carrinho de compras ou identificar o seu navegador de modo a acompanhar as suas visitas para fins estatísticos ou publicitários.
policy-types-title = Tipos de cookies e quando é necessário o seu consentimento
policy-type-necessary-name = Cookies necessários
policy-type-necessary = Instalados pelo próprio site, guardam informações de uma página ou de uma visita para a seguinte no mesmo dispositivo: um início de sessão, um carrinho de compras, uma preferência de interface. O serviço que pediu não pode funcionar sem eles, pelo que não requerem consentimento.
policy-type-statistics-name = Cookies analíticos
policy-type-statistics = Acompanham o que os visitantes fazem num site. Quando as estatísticas que produzem são anónimas, de modo que nunca possam ser associadas a uma pessoa, não é necessário consentimento; caso contrário, é.
policy-type-first-party-name = Outros cookies próprios
policy-type-first-party = Instalados pelo site que visita para além dos necessários, podem recolher dados pessoais, acompanhar o seu comportamento ou apresentar publicidade. Requerem o seu consentimento.
policy-type-third-party-name = Cookies de terceiros
policy-type-third-party = Instalados por outro site (muitas vezes um anunciante), ou por conta deste, no site que visita, permitem a esse outro site saber que páginas viu e recolher informações sobre si. Requerem o seu consentimento.
policy-used-title = Cookies utilizados em { $site }
category-necessary = Cookies necessários e de funcionalidade
category-functionality = Cookies de funcionalidade
category-statistics = Cookies analíticos
category-marketing = Cookies de publicidade
policy-consent-needed = Estes cookies só são instalados depois de os ter aceitado.
policy-consent-not-needed = O site não pode funcionar sem estes cookies; não requerem consentimento.
policy-col-provider = Fornecedor
policy-col-function = Função e localização
policy-col-name = Nome do cookie
policy-col-purpose = Finalidade
policy-col-lifetime = Duração
policy-wildcard = (todos os cookies cujo nome começa desta forma)
policy-json-link = As mesmas informações, num formato legível por máquina:

## Estatísticas de audiência sem cookies (secção da política, segundo as definições do site)
stats-notice-title = Estatísticas de audiência sem cookies
stats-notice-no-cookie = O site conta as suas visitas no seu próprio servidor, sem cookies, sem scripts e sem guardar nada no seu navegador. Estas estatísticas não precisam do seu consentimento e só são mostradas aos administradores do site.
stats-notice-salt = Para distinguir os visitantes de um mesmo dia, o seu endereço e o nome do seu navegador são combinados num hash com uma chave aleatória que muda todos os dias à meia-noite (UTC) e depois é apagada. O seu endereço e o nome do seu navegador nunca são guardados, e visitas de dois dias diferentes nunca podem ser relacionadas.
stats-notice-stored = O que se guarda de uma página vista: a página (sem os seus parâmetros), o nome do site de origem, a língua servida, o tipo de dispositivo e a família do navegador.
stats-notice-stored-country = O que se guarda de uma página vista: a página (sem os seus parâmetros), o nome do site de origem, a língua servida, o tipo de dispositivo, a família do navegador e o país a que pertence o endereço (procurado numa tabela do servidor; o próprio endereço não é guardado).
stats-notice-gpc-honoured = Se o seu navegador enviar Global Privacy Control (GPC) ou Do Not Track, as suas visitas não são contadas de todo.
stats-notice-gpc-ignored = As visitas são contadas mesmo quando o navegador envia Global Privacy Control (GPC) ou Do Not Track, pois as estatísticas não identificam ninguém.
stats-notice-staff-excluded = As visitas dos administradores do site com sessão iniciada não são contadas.
stats-notice-staff-counted = As visitas dos administradores do site com sessão iniciada são contadas como as outras.
stats-notice-bots = Robôs, pré-visualizações de ligações e pré-carregamentos não são contados.
stats-notice-retention = Os registos detalhados são guardados { $days ->
        [one] um dia
       *[other] { $days } dias
    } e perdem a sua chave diária de visitante no fim do seu dia; os totais são guardados { $months } meses.
party-first = Próprio
party-third = De terceiros

## Durações
lifetime-session = Até fechar o navegador
lifetime-years = { $count ->
    [one] { $count } ano
   *[other] { $count } anos
}
lifetime-weeks = { $count ->
    [one] { $count } semana
   *[other] { $count } semanas
}
lifetime-days = { $count ->
    [one] { $count } dia
   *[other] { $count } dias
}
lifetime-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
lifetime-seconds = { $count ->
    [one] { $count } segundo
   *[other] { $count } segundos
}

## Início de sessão e conta
login-title = Iniciar sessão
login-email = Endereço de e-mail
login-password = Palavra-passe
login-submit = Iniciar sessão
login-error-credentials = O endereço de e-mail ou a palavra-passe não estão corretos.
login-error-throttled = Demasiadas tentativas falhadas. Por motivos de segurança, o início de sessão está suspenso durante 15 minutos.
account-title = A minha conta
account-signed-in-as = Tem sessão iniciada como { $email }.
account-admin = Administra este portal.
account-logout = Terminar sessão

## Back office
backoffice-title = Back office
backoffice-slug = Site
backoffice-hostnames = Endereços
backoffice-default-language = Idioma predefinido
backoffice-registry = Registo de cookies
backoffice-col-category = Categoria
backoffice-col-party = Origem
backoffice-col-languages = Traduções

## Erros
error-back-home = Voltar à página inicial
error-unknown-portal-title = Este portal não existe
error-unknown-portal-text = Não existe nenhum portal de dados abertos publicado neste endereço. Verifique o endereço que introduziu.
error-not-found-title = Página não encontrada
error-not-found-text = Não existe nenhuma página neste endereço deste portal.
error-method-title = Método não permitido
error-method-text = Este endereço não aceita este tipo de pedido.
error-csrf-title = Falha na verificação de segurança
error-csrf-text = O pedido foi recusado porque não foi possível validar a sua proteção contra a falsificação de pedidos entre sites (CSRF). Recarregue a página e tente novamente; se o problema persistir, permita os cookies para este site.
error-admins-only-title = Reservado a administradores
error-admins-only-text = O back office está reservado aos administradores deste portal.
error-bad-request-title = Pedido inválido
error-bad-request-text = Não foi possível compreender o pedido.
error-too-large-title = Pedido demasiado grande
error-too-large-text = O formulário enviado excede o tamanho aceite por este site.
error-timeout-title = Tempo de espera esgotado
error-timeout-text = O formulário deixou de chegar antes de estar completo. Verifique a ligação e envie-o de novo.
error-headers-too-large-title = Cookies demasiado grandes
error-headers-too-large-text = O seu navegador enviou mais dados de cookies do que este site aceita. Elimine os cookies deste site no navegador e, em seguida, recarregue a página.
error-unavailable-title = Temporariamente indisponível
error-unavailable-text = De momento, o portal não consegue aceder à sua base de dados. Tente novamente dentro de instantes.
error-slow-title = Consulta demasiado lenta
error-slow-text = Esta página pediu mais trabalho do que o portal permite num único pedido, por isso foi interrompida. Restrinja a pesquisa ou os filtros e tente novamente.
error-internal-title = Ocorreu um erro
error-internal-text = O portal não conseguiu responder a este pedido. O problema ficou registado: tente mais tarde.
error-detail-request = Não foi possível ler o endereço ou os seus parâmetros: depois de descodificados, devem ser texto UTF-8 válido.
error-request-id = Se o problema persistir, avise a equipa do portal citando este identificador do pedido:
error-detail-cookie-encoding = O cabeçalho Cookie não é um texto válido.
error-detail-form = Não foi possível ler os dados do formulário.
error-detail-query = A pesquisa ou os filtros são demasiado longos ou inválidos: encurte-os.
error-detail-form-type = O formulário tem de ser enviado como application/x-www-form-urlencoded.
error-detail-form-multipart = O formulário tem de ser enviado como multipart/form-data.

## Faixa de consentimento e centro de preferências
footer-cookie-settings = Definições de cookies
banner-title = A sua escolha sobre cookies
banner-text = { $site } utiliza os cookies de que precisa para funcionar. Com o seu consentimento, utilizaria também os cookies e conteúdos opcionais abaixo. Rejeitar é tão fácil como aceitar, e rejeitar não altera nada do que pode consultar ou transferir aqui.
banner-revision = A política de cookies mudou desde a sua última escolha, por isso voltamos a perguntar.
banner-only-necessary = Este site só utiliza os cookies de que precisa para funcionar; registar a sua escolha evita que esta mensagem volte a aparecer.
banner-change-later = Pode alterar a sua escolha a qualquer momento em «Definições de cookies», no fundo de cada página. Quem coloca cada cookie, e porquê:
consent-reject-all = Rejeitar tudo
consent-accept-all = Aceitar tudo
consent-customise = Personalizar
consent-gpc-respected = O sinal Global Privacy Control do seu navegador é respeitado: os cookies de publicidade continuam rejeitados.
category-necessary-short = Necessários
category-functionality-short = De funcionalidade
category-statistics-short = Analíticos
category-marketing-short = De publicidade
purpose-necessary = Início de sessão, segurança dos formulários, o seu idioma e a sua escolha sobre cookies. O site não funciona sem eles.
purpose-functionality = Funções adicionais, como mapas incorporados ou o feed de notificações, que podem colocar os seus próprios cookies.
purpose-statistics = Uma medição de audiência que o poderia identificar. (A contagem de visitas do próprio site não usa cookies e não requer consentimento.)
purpose-marketing = Publicidade e seguimento entre sites por terceiros.
centre-title = Definições de cookies
centre-lead = Escolha que cookies e conteúdos opcionais { $site } pode utilizar. Os cookies necessários estão sempre ativos.
centre-has-choice = A sua escolha atual é apresentada abaixo; altere-a e guarde-a quando quiser.
centre-no-choice = Ainda não fez nenhuma escolha: nada de opcional é utilizado enquanto não a fizer.
centre-always-on = sempre ativos
centre-cookies = Cookies:
centre-integrations = Conteúdos de terceiros:
centre-unused = Este site não utiliza nada deste tipo.
centre-save = Guardar a minha escolha
embed-blocked = { $name } só é apresentado se aceitar os cookies «{ $category }», porque pode colocar os seus próprios cookies.
error-detail-consent-action = O formulário tem de indicar reject_all, accept_all ou save.
error-detail-consent-category = Uma das categorias assinaladas não existe ou não pode ser escolhida.
policy-revision = Versão { $revision } da política, em vigor desde { $date }.
policy-third-parties-title = Conteúdos de terceiros
policy-third-parties-text = Estes serviços de outros sites estão incorporados em algumas páginas. Só são carregados, e só podem colocar os seus próprios cookies nos seus próprios domínios, se aceitar a respetiva categoria.

## Back office: editor do registo, versões, taxas de consentimento
backoffice-revisions = Versões da política
backoffice-consent-rates = Taxas de consentimento
backoffice-saved = Guardado como versão { $revision }.
backoffice-saved-reconsent = Esta alteração acrescenta ou alarga um cookie opcional, por isso volta a ser pedido o consentimento aos visitantes.
backoffice-revision = Versão
backoffice-consent-revision = as escolhas feitas desde a versão { $revision } continuam válidas
backoffice-registry-help = Este registo gera a política de cookies e decide que cookies o servidor deixa passar. Cada alteração cria uma nova versão.
backoffice-add-cookie = Acrescentar um cookie
backoffice-col-actions = Ações
backoffice-edit = Editar
backoffice-remove = Remover
backoffice-integrations = Conteúdos de terceiros
backoffice-integrations-help = Mapas, vídeos, scripts ou píxeis de outros sites. Cada um só é inserido nas páginas, e a sua origem autorizada, para os visitantes que aceitaram a respetiva categoria.
backoffice-add-integration = Acrescentar conteúdo de terceiros
backoffice-col-integration = Nome
backoffice-col-kind = Tipo
backoffice-col-origins = Origens
backoffice-enforcement = Aplicação
backoffice-enforcement-help = Quando uma página tenta colocar um cookie não declarado ou sem consentimento:
backoffice-enforce = removê-lo (aplicar)
backoffice-report-only = deixá-lo passar e registá-lo (apenas reportar)
backoffice-apply = Aplicar
backoffice-cookie-form = Cookie
backoffice-back = Voltar ao back office
backoffice-name-help = O nome exato do cookie, ou um prefixo terminado em * para abranger uma família de cookies (como _BEAMER*).
backoffice-lifetime-count = Duração (número)
backoffice-lifetime-unit = Duração (unidade)
backoffice-unit-session = até o navegador ser fechado
backoffice-unit-seconds = segundos
backoffice-unit-hours = horas
backoffice-unit-days = dias
backoffice-unit-weeks = semanas
backoffice-unit-years = anos
backoffice-texts-in = Textos em { $language }
backoffice-save = Guardar
backoffice-integration-form = Conteúdo de terceiros
backoffice-src = Endereço do conteúdo (https)
backoffice-origins-help = As origens https a partir das quais é carregado, separadas por espaços (por exemplo https://player.example.org).
backoffice-description-in = O que é, em { $language }
backoffice-revisions-help = A política está na versão { $current }; as escolhas feitas desde a versão { $consent } continuam válidas.
backoffice-revision-reconsent = voltou a pedir o consentimento aos visitantes
backoffice-revision-first = A primeira versão da política deste site.
backoffice-rates-help = Escolhas registadas nos últimos 30 dias: { $total }. Proporção das que aceitaram cada categoria opcional:
backoffice-col-day = Dia
backoffice-col-choices = Escolhas
backoffice-rates-none = Nenhuma escolha foi registada nos últimos 30 dias.

## Explorador de dados
nav-datasets = Conjuntos de dados
explorer-catalog-title = Conjuntos de dados
explorer-catalog-entry = { $records } linhas, { $fields } campos
explorer-catalog-empty = Ainda não foi publicado nenhum conjunto de dados neste portal.
explorer-search = Pesquisar nas linhas
explorer-search-button = Pesquisar
explorer-clear = Limpar os filtros
explorer-filters = Filtros
explorer-rows = Linhas { $first }–{ $last } de { $total }
explorer-pages = Páginas
explorer-previous = ← Anteriores
explorer-next = Seguintes →
explorer-export = Transferir estas linhas:
explorer-chart = Representar uma coluna
explorer-chart-none = Sem gráfico
explorer-chart-button = Desenhar
explorer-chart-caption = Distribuição de { $field } nas { $total } linhas mostradas
explorer-chart-nulls = { $count } linhas não têm valor e não são representadas.
explorer-chart-values = Os valores do gráfico
explorer-chart-count = Linhas
explorer-chart-outliers = As barras cobrem os 98 % centrais dos valores; as barras das pontas contam as linhas abaixo de { $low } e a partir de { $high }.

## Chaves de API
apikeys-title = Chaves de API
apikeys-help = Uma chave permite a um programa ler através da API os conjuntos de dados restritos deste portal (cabeçalho Authorization: Apikey seguido da chave). Só é apresentada uma vez, quando é criada; o galette guarda apenas a sua impressão digital.
apikeys-created = Eis a nova chave. Copie-a agora: não voltará a ser apresentada.
apikeys-name = Nome
apikeys-create = Criar uma chave
apikeys-created-on = Criada em
apikeys-state = Estado
apikeys-active = ativa
apikeys-revoked-on = revogada em { $date }
apikeys-revoke = Revogar
apikeys-error-name = Dê à chave um nome com 1 a 100 caracteres.
apikeys-quota-title = Quotas
apikeys-quota-help = Chamadas à API permitidas por período, contadas em todos os servidores do portal. Sem chave, cada endereço cliente tem a sua própria contagem; cada chave, e cada conta com sessão iniciada que não seja de administrador, tem a sua. Os administradores não são contados. Ultrapassado o limite, as chamadas recebem um erro 429 até ao fim do período. 0 significa ilimitado.
apikeys-quota-per-address = Chamadas por endereço cliente (sem chave)
apikeys-quota-per-key = Chamadas por chave de API ou conta com sessão iniciada
apikeys-quota-unit = Por
apikeys-quota-unit-minute = minuto
apikeys-quota-unit-hour = hora (UTC)
apikeys-quota-unit-day = dia (UTC)
apikeys-quota-save = Guardar as quotas
apikeys-quota-error = Uma quota deve ser um número inteiro de chamadas, de 0 (ilimitado) a 1 000 000 000, por minuto, hora ou dia.

## Conjuntos de dados (back office)
backoffice-datasets = Conjuntos de dados
datasets-title = Conjuntos de dados
datasets-help = Envie um ficheiro CSV para o publicar como conjunto de dados ou para substituir os dados de um conjunto existente. A nova versão aparece de uma só vez quando a importação é bem-sucedida; até lá, e se falhar, os visitantes continuam a ver a versão atual.
datasets-none = Este portal ainda não tem nenhum conjunto de dados.
datasets-col-id = Identificador
datasets-col-title = Título
datasets-col-rows = Linhas
datasets-col-modified = Última alteração
datasets-col-visibility = Visibilidade
datasets-col-links = Ligações
datasets-public = público
datasets-restricted = restrito
datasets-explore = Explorar
datasets-api = API
datasets-imported = Foram importadas { $rows } linhas para { $dataset }.
datasets-upload = Enviar um ficheiro CSV
datasets-field-id = Identificador do conjunto de dados
datasets-field-id-help = Letras minúsculas, algarismos, _ e -, começando por uma letra ou um algarismo; aparece nos endereços e na API. Um identificador existente substitui os dados desse conjunto.
datasets-field-title = Título (opcional)
datasets-field-title-help = Mostrado no catálogo. Se ficar vazio, um conjunto existente mantém o seu título; um novo recebe o identificador como título.
datasets-field-delimiter = Separador
datasets-delimiter-auto = detetá-lo
datasets-delimiter-comma = vírgula (,)
datasets-delimiter-semicolon = ponto e vírgula (;)
datasets-delimiter-tab = tabulação
datasets-delimiter-pipe = barra vertical (|)
datasets-field-visibility = Quem o pode ler
datasets-visibility-keep = sem alteração (qualquer pessoa, para um conjunto novo)
datasets-visibility-public = qualquer pessoa
datasets-visibility-restricted = apenas chaves de API e utilizadores com sessão iniciada
datasets-field-file = Ficheiro CSV
datasets-field-file-help = Texto UTF-8 ou Windows-1252, com uma linha de cabeçalho que nomeie as colunas; no máximo { $limit } MiB. Os tipos das colunas são detetados.
datasets-submit = Enviar e importar
datasets-error-kept = A versão atual do conjunto de dados, se existir, não foi alterada.
datasets-error-id = O identificador tem de ter 1 a 100 letras minúsculas, algarismos, _ ou -, e começar por uma letra ou um algarismo.
datasets-error-no-file = Escolha um ficheiro CSV para enviar.
datasets-error-title = O título pode ter no máximo 200 caracteres.
datasets-error-form = Não foi possível ler o formulário; recarregue a página e tente novamente.
datasets-error-too-large = O ficheiro excede { $limit } MiB, o máximo aceite por este site.
datasets-error-server = O servidor não conseguiu guardar ou ler o ficheiro; tente novamente dentro de momentos.
datasets-error-disk-full = A base de dados não conseguiu guardar a nova versão: o disco está cheio ou está só de leitura. Peça a quem gere o servidor que liberte espaço e volte a enviar o ficheiro.
datasets-error-empty = O ficheiro está vazio: precisa de uma linha de cabeçalho que nomeie as colunas.
datasets-error-not-text = O ficheiro não é texto CSV em UTF-8 ou Windows-1252: parece uma folha de cálculo, um arquivo comprimido ou texto UTF-16. Guarde-o como «CSV UTF-8» e envie esse ficheiro.
datasets-error-field-count = Linha { $line }, coluna { $column }: a linha tem { $found } valores e o cabeçalho nomeia { $expected } colunas. Provavelmente falta ou sobra um separador, ou há uma aspa por fechar.
datasets-error-malformed = Linha { $line }: não é possível ler a linha ({ $reason }).
datasets-error-bad-value = Linha { $line }, coluna { $column }: «{ $value }» não é um valor { $type } válido.
datasets-error-too-many-columns = O ficheiro tem { $count } colunas; são permitidas no máximo 1000.
datasets-error-column-name = Linha 1, coluna { $column }: o nome da coluna tem { $chars } caracteres; são permitidos no máximo { $limit }.
datasets-error-cell-too-large = Linha { $line }, coluna { $column }: o valor ocupa { $bytes } bytes; uma célula admite no máximo 1 MiB (1048576 bytes).

## Editor do registo: porque foi recusado um formulário
registry-error-name-length = O nome de um cookie deve ter de 1 a 128 caracteres.
registry-error-name-character = O nome de cookie «{ $value }» contém «{ $char }», que um nome de cookie não pode conter.
registry-error-name-wildcard = O nome de cookie «{ $value }»: «*» só pode terminar um nome, depois de pelo menos um carácter.
registry-error-category = Escolha uma categoria.
registry-error-party = Escolha próprio ou de terceiros.
registry-error-unit = Escolha uma unidade de duração.
registry-error-lifetime-number = A duração deve ser um número inteiro.
registry-error-lifetime-range = A duração deve ser superior a zero e de 10 anos no máximo.
registry-error-texts-pair = Indique a função e a finalidade em { $language }, ou nenhuma das duas.
registry-error-function-length = O texto da função em { $language } deve ter de 1 a 500 caracteres.
registry-error-purpose-length = O texto da finalidade em { $language } deve ter de 1 a 500 caracteres.
registry-error-no-text = Um cookie precisa dos seus textos em pelo menos uma língua.
registry-error-provider = O fornecedor, se indicado, deve ter de 1 a 120 caracteres.
registry-error-kind = Escolha um tipo.
registry-error-integration-name = O nome de uma integração deve ter de 1 a 80 caracteres.
registry-error-necessary = Uma integração de terceiros nunca é necessária; escolha funcionalidade, estatísticas ou marketing.
registry-error-origin = «{ $value }» não é uma origem como https://www.example.org: { $reason }.
registry-error-no-origin = Uma integração precisa de pelo menos uma origem.
registry-error-source = A fonte «{ $value }» não é um endereço https.
registry-error-source-origin = A fonte é servida a partir de { $origin }, que não é uma das origens declaradas.
registry-error-description-length = A descrição em { $language } deve ter de 1 a 500 caracteres.
registry-error-no-description = Uma integração precisa da sua descrição em pelo menos uma língua.
registry-error-taken = Já existe uma declaração chamada «{ $name }»: edite-a, ou escolha outro nome.
registry-error-missing = A declaração «{ $name }» já não existe (alguém a removeu entretanto); recarregue a página.
registry-error-stale = Existe uma revisão mais recente deste registo: alguém o editou entretanto. Recarregue a página e volte a fazer a sua alteração.
registry-error-invalid = Não foi possível guardar a declaração tal como está; verifique cada campo.
registry-origin-scheme = deve começar por https://
registry-origin-path = não deve ter caminho, consulta nem fragmento
registry-origin-user = não deve conter nome de utilizador
registry-origin-wildcard = não são permitidos caracteres universais
registry-origin-characters = só pode conter letras, algarismos, pontos, hífenes e uma porta
registry-origin-host = o nome do anfitrião não é válido
registry-origin-port = a porta deve ser um número de 1 a 65535
registry-origin-canonical = escreva-a em minúsculas, sem / final nem a porta 443

## As novidades (/news/ e o seu editor)
news-bell = { $count ->
    [0] Novidades, nada por ler
    [one] { $count } novidade por ler
   *[other] { $count } novidades por ler
}
news-title = Novidades
news-lead = Notícias da plataforma e das suas funcionalidades, da equipa da plataforma.
news-empty = Ainda não há novidades.
news-new = Novo
news-read-state-cookie = O que leu é guardado pelos cookies de notificação descritos na política de cookies, que aceitou.
news-read-state-account = O que leu é guardado na sua conta.
news-read-state-none = Nada é guardado sobre o que lê: o sino conta as novidades dos últimos 30 dias.
news-admin-title = Novidades
news-admin-help = As publicações aparecem em todos os sites da plataforma, na língua do visitante se a publicação a tiver, senão noutra das suas línguas.
news-admin-new = Escrever uma publicação
news-admin-edit = Editar uma publicação
news-admin-back = Voltar às novidades
news-admin-saved = As novidades foram guardadas.
news-admin-none = Ainda não há publicações.
news-admin-delete = Eliminar
news-admin-delete-this = Eliminar esta publicação
news-admin-elsewhere = As novidades são escritas pelos administradores da plataforma, a partir do site da plataforma.
news-col-languages = Línguas
news-col-state = Estado
news-state-scheduled = Agendada
news-state-published = Visível
news-state-expired = Expirada
news-never = Nunca
news-field-title = Título
news-field-body = Texto
news-field-body-help = Os textos escrevem-se em Markdown: **negrito**, *itálico*, [uma ligação](https://example.org), listas. O HTML é mostrado tal como escrito, nunca executado.
news-field-published = Data de publicação
news-field-published-help = Em UTC. Uma publicação com data futura fica oculta até lá.
news-field-expires = Data de expiração (opcional)
news-field-expires-help = Em UTC. Deixe-a vazia para manter a publicação visível.
news-field-languages-help = Escreva a publicação nas línguas que quiser, pelo menos uma: uma língua deixada vazia não faz parte da publicação.
news-error-no-text = Escreva um título e um texto em pelo menos uma língua.
news-error-incomplete = A publicação em { $language } precisa de um título e de um texto (ou deixe ambos vazios).
news-error-title-length = O título em { $language } é demasiado longo: 200 caracteres no máximo.
news-error-body-length = O texto em { $language } é demasiado longo: 20 000 caracteres no máximo.
news-error-published = A data de publicação não é uma data: escolha uma, por exemplo 2026-12-07 16:30.
news-error-expires = A data de expiração não é uma data: escolha uma ou deixe-a vazia.
news-error-expires-before = A data de expiração deve ser posterior à de publicação.
news-error-go = Ir para o campo

## Back office: análises do site num navegador real
backoffice-scan = Análise de cookies
scan-title = Análise de cookies
scan-help = Uma análise percorre este site num navegador real sem interface, uma vez por cada escolha de consentimento (nenhuma escolha, rejeitar tudo, aceitar tudo, cada categoria opcional sozinha), e compara os cookies, o armazenamento e os terceiros que encontra com a política publicada. Corre em segundo plano e demora um ou dois minutos.
scan-run = Analisar o site agora
scan-not-configured = Este servidor não tem um navegador para analisar.
scan-notice-started = A análise começou. Recarregue esta página dentro de um minuto para ver o resultado.
scan-notice-running = Já está a correr uma análise deste site; o resultado aparecerá aqui.
scan-shown = Análise { $id }
scan-col-status = Resultado
scan-status-running = Em curso
scan-status-clean = Conforme: o site faz o que a sua política diz
scan-status-findings = Constatações
scan-status-failed = Não pôde correr
scan-url = Página inicial
scan-col-started = Iniciada
scan-col-finished = Terminada
scan-col-revision = Revisão da política verificada
scan-outdated = a política mudou entretanto (agora revisão { $revision }): analise de novo
scan-browser = Navegador
scan-observed = Observado
scan-summary = { $states } estados de consentimento, { $pages } páginas, { $cookies } cookies, { $origins } origens de terceiros
scan-running-help = A análise está em curso.
scan-reload = Recarregar para ver o resultado
scan-failed = A análise não pôde terminar: { $reason }
scan-clean = Nenhuma constatação: cada cookie e cada terceiro encontrado está declarado, com a sua duração e os seus atributos, e nenhum chegou antes do consentimento.
scan-findings = { $count ->
    [one] Uma constatação
   *[other] { $count } constatações
}
scan-col-kind = Constatação
scan-col-state = Estado do consentimento
scan-col-subject = Cookie ou origem
scan-col-evidence = Prova
scan-kind-undeclared_cookie = Cookie não declarado
scan-kind-set_before_consent = Definido antes do consentimento
scan-kind-lifetime_longer_than_declared = Dura mais do que o declarado
scan-kind-weaker_attributes = Atributos mais fracos do que o declarado
scan-kind-undeclared_third_party = Terceiro não declarado
scan-kind-third_party_without_consent = Terceiro contactado sem consentimento
scan-more-findings = Mais { $count } constatações estão no relatório JSON.
scan-download = Descarregar o relatório JSON
scan-signed = assinado com a chave Ed25519 { $key } (verifique com galette scan verify)
scan-unsigned = não assinado (o servidor não tem chave de assinatura)
scan-none = Este site ainda não foi analisado.
scan-history = Análises anteriores
scan-col-findings = Constatações
## Audience statistics (back office)
stats-title = Estatísticas de audiência
stats-periods = Período
stats-period-today = Hoje
stats-period-7d = Últimos 7 dias
stats-period-30d = Últimos 30 dias
stats-period-12mo = Últimos 12 meses
stats-from = De
stats-to = Até
stats-site = Site
stats-all-sites = Todos os sites
stats-show = Mostrar
stats-scope-all = Todos os sites, somados.
stats-scope-site = Site { $site }.
stats-period-summary = De { $from } a { $to } ({ $days } dias, UTC), comparado com { $prevfrom } – { $prevto }.
stats-period-summary-day = { $day }, hora a hora (UTC), comparado com { $previous }.
stats-visitor-days-note = Em vários dias, os «visitantes-dia» somam os visitantes distintos de cada dia. Um visitante só é reconhecido dentro do mesmo dia: a chave que distingue os visitantes é substituída todas as noites à meia-noite e a anterior apagada, pelo que uma pessoa que volta noutro dia é contada de novo. Não é usado nenhum cookie.
stats-visitors = Visitantes únicos
stats-visitor-days = Visitantes-dia
stats-visits = Visitas
stats-pageviews = Páginas vistas
stats-bounce-rate = Taxa de rejeição
stats-duration = Duração da visita (média)
stats-api-calls = Chamadas à API
stats-downloads = Transferências
stats-summary = Resumo e variação face ao período anterior da mesma duração
stats-col-metric = Medida
stats-col-now = Este período
stats-col-before = Período anterior
stats-col-change = Variação
stats-col-time = Dia ou hora (UTC)
stats-col-page = Página
stats-col-referrer = Site de referência
stats-col-language = Idioma
stats-col-device = Dispositivo
stats-col-browser = Navegador
stats-col-country = País
stats-col-dataset = Conjunto de dados
stats-col-format = Formato
stats-dropped = Eventos descartados pelo registador por a sua fila estar cheia: { $count }
stats-series-caption = Páginas vistas (barras) e visitantes (linha) no período
stats-chart-desc = Os mesmos números estão na tabela sob o gráfico.
stats-bars-desc = Gráfico de barras; os mesmos números estão na tabela a seguir.
stats-as-table = Os números do gráfico em tabela
stats-top-page = Páginas mais vistas
stats-top-entry = Páginas de entrada
stats-top-referrer = Sites de referência
stats-top-language = Idiomas
stats-top-device = Dispositivos
stats-top-browser = Navegadores
stats-top-country = Países
stats-top-dataset = Conjuntos de dados consultados
stats-top-api = Chamadas à API por conjunto de dados
stats-top-download = Transferências por conjunto de dados e formato
stats-none = Nada foi registado neste período.
stats-catalogue = (o catálogo)
stats-direct = (acesso direto ou desconhecido)
stats-export = Os mesmos números:
stats-error-query = As estatísticas só aceitam period, from, to, site e format, cada um no máximo uma vez.
stats-error-period = O período deve ser today, 7d, 30d, 12mo ou custom.
stats-error-date = As datas escrevem-se AAAA-MM-DD, por exemplo 2026-03-01.
stats-error-custom = Um período personalizado precisa de uma data from e de uma data to.
stats-error-order = A data from não pode ser posterior à data to.
stats-error-future = A data to não pode ser posterior a hoje (UTC).
stats-error-long = Um período abrange no máximo cinco anos.
stats-error-mixed = Indique um período predefinido ou datas from e to, não ambos.
stats-error-format = O único outro formato é json.
stats-error-site = Não existe nenhum site com esse identificador.
stats-settings-title = Como este site conta
stats-settings-help = Estas definições aplicam-se às estatísticas deste site a partir dos próximos eventos registados, e a página da política de cookies descreve-as. Os endereços e os agentes de utilizador nunca são guardados, seja qual for a sua escolha.
stats-settings-gpc = Não contar as visitas de navegadores que enviam Global Privacy Control ou Do Not Track
stats-settings-staff = Contar as visitas dos administradores deste site com sessão iniciada
stats-settings-raw-days = Dias em que os eventos em bruto são guardados (de 1 a 31)
stats-settings-retention = Meses em que os números agregados são guardados (de 1 a 25)
stats-settings-save = Guardar as definições
stats-settings-error-raw-days = Os eventos em bruto são guardados um número inteiro de dias, de 1 a 31.
stats-settings-error-retention = Os números agregados são guardados um número inteiro de meses, de 1 a 25 (o máximo que a medição de audiência sem consentimento permite).
