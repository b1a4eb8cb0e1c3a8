#!/usr/bin/env python3
"""Writes the charset fixtures: one short article per legacy charset (text
written for these tests), as <charset>.html in that charset, and the expected
title + paragraphs in UTF-8 as <charset>.txt. Run from this folder."""
samples = {
 "windows-1251": ("ru", "Правительство обсудило новый бюджет", [
   "Правительство России в среду обсудило проект бюджета на следующий год, сообщили в пресс-службе кабинета министров.",
   "По словам министра финансов, расходы на образование и здравоохранение вырастут почти на десять процентов.",
   "Эксперты отмечают, что дефицит бюджета останется умеренным, несмотря на снижение цен на нефть и газ.",
 ]),
 "windows-1252": ("fr", "Le conseil municipal adopte le budget", [
   "Le conseil municipal a adopté mercredi soir le budget de l'année prochaine, après un débat de près de trois heures.",
   "« Nous avons fait des choix difficiles », a déclaré la maire, évoquant la rénovation des écoles et des crèches.",
   "L'opposition a critiqué une hausse de la taxe foncière jugée excessive pour les ménages déjà fragilisés.",
 ]),
 "shift_jis": ("ja", "新しい図書館が開館しました", [
   "市の中心部に新しい図書館が開館し、初日には多くの市民が訪れました。館内には約三十万冊の本が並んでいます。",
   "市長は式典で「子どもから高齢者まで、誰もが気軽に立ち寄れる場所にしたい」と述べました。",
   "図書館は毎日午前九時から午後八時まで開いており、月曜日は休館日となっています。",
 ]),
 "gb18030": ("zh", "城市公交系统完成升级", [
   "本市公交系统近日完成全面升级，新增线路十二条，覆盖城区主要居民区和商业中心。",
   "交通部门负责人表示，升级后的系统将使市民平均通勤时间缩短约百分之十五。",
   "据介绍，所有新车辆均为电动公交车，预计每年可减少碳排放数万吨。",
 ]),
 "euc-kr": ("ko", "정부, 새로운 주택 정책 발표", [
   "정부는 수요일 청년과 신혼부부를 위한 새로운 주택 공급 정책을 발표했다고 밝혔다.",
   "국토교통부 장관은 기자회견에서 앞으로 오 년 동안 공공주택 십만 가구를 추가로 공급하겠다고 말했다.",
   "전문가들은 이번 정책이 주택 가격 안정에 도움이 될 것이라고 평가했다.",
 ]),
 "iso-8859-2": ("pl", "Rada miasta przyjęła nowy budżet", [
   "Rada miasta w środę przyjęła budżet na przyszły rok po długiej i burzliwej dyskusji radnych.",
   "Prezydent miasta zapowiedział, że najwięcej pieniędzy trafi na remonty szkół, żłobków i dróg lokalnych.",
   "Opozycja skrytykowała wzrost opłat za wywóz śmieci, który dotknie większość gospodarstw domowych.",
 ]),
 "iso-8859-7": ("el", "Νέο μουσείο στην Αθήνα", [
   "Ένα νέο μουσείο σύγχρονης τέχνης άνοιξε τις πόρτες του στο κέντρο της Αθήνας την Τετάρτη.",
   "Ο δήμαρχος δήλωσε ότι το μουσείο θα προσφέρει δωρεάν είσοδο στους μαθητές και στους φοιτητές.",
   "Η πρώτη έκθεση παρουσιάζει έργα Ελλήνων καλλιτεχνών από τη δεκαετία του εξήντα έως σήμερα.",
 ]),
}
for charset, (lang, title, paras) in samples.items():
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    html = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer>2019 News Site</footer></body></html>
"""
    open(f"{charset}.html", "wb").write(html.encode(charset))
    open(f"{charset}.txt", "w", encoding="utf-8").write(title + "\n" + "\n".join(paras) + "\n")
