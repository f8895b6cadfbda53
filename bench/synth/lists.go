package synth

import "strings"

// The built-in name lists. Where ../shared/data has a list for a culture,
// these are only the fallback and are replaced or extended at load time (see
// shared.go); where it has none (Somali, Afghan, Kurdish, West African,
// Sudanese-specific and Tigrinya names), these lists are the source, written
// for this generator from the conventions in NAMES.md. They are synthetic:
// plausible, not a sample of real people.

// arabicMale are Arabic-origin given names in Arabic script with English
// and French spellings. The English spellings are replaced by the Wikidata
// spelling counts when the shared data is present.
var arabicMale = []string{
	"محمد;Mohamed|Mohammed|Muhammad|Mohammad|Mohamad|Mohd;fr=Mohamed|Mohammed|Mouhamed",
	"أحمد;Ahmed|Ahmad;fr=Ahmed",
	"علي;Ali|Aly",
	"عمر;Omar|Umar|Omer;fr=Omar|Oumar",
	"آدم;Adam|Adem",
	"إبراهيم;Ibrahim|Ebrahim|Ibraheem;fr=Brahim|Ibrahim",
	"يوسف;Yousef|Yusuf|Youssef|Yousif;fr=Youssef|Youcef",
	"حسن;Hassan|Hasan",
	"حسين;Hussein|Hussain|Husain|Hussien;fr=Houcine|Hocine|Hussein",
	"عثمان;Osman|Othman|Uthman;fr=Othmane|Osmane",
	"خالد;Khaled|Khalid;fr=Khaled",
	"مصطفى;Mustafa|Mostafa|Moustafa;fr=Mustapha|Moustapha",
	"محمود;Mahmoud|Mahmud|Mahmood",
	"إسماعيل;Ismail|Ismael|Esmaeel",
	"صالح;Saleh|Salih;fr=Salah|Saleh",
	"موسى;Musa|Moussa|Mousa;fr=Moussa",
	"عيسى;Issa|Isa|Eisa|Essa",
	"إدريس;Idris|Idriss|Idrees;fr=Driss|Idriss",
	"جمال;Jamal|Gamal|Jamel;fr=Djamel|Jamel",
	"قاسم;Qasim|Kasim|Qassem|Kassem;fr=Kacem",
	"طارق;Tarek|Tariq|Tareq|Tarik",
	"يعقوب;Yacoub|Yaqub|Yaqoob",
	"سليمان;Suleiman|Sulaiman|Soliman|Sulayman;fr=Slimane|Souleymane",
	"حامد;Hamid|Hamed",
	"بشير;Bashir|Basheer;fr=Bachir",
	"منصور;Mansour|Mansur",
	"ياسر;Yasser|Yasir|Yaser",
	"كريم;Karim|Kareem",
	"رشيد;Rashid|Rasheed;fr=Rachid",
	"سعيد;Said|Saeed|Saied|Sa'id",
	"ناصر;Nasser|Nasir|Naser",
	"وليد;Walid|Waleed;fr=Oualid|Walid",
	"فيصل;Faisal|Faysal",
	"عادل;Adel|Adil",
	"هشام;Hisham|Hesham;fr=Hicham",
	"حمزة;Hamza|Hamzah",
	"بلال;Bilal|Belal",
	"أسامة;Osama|Usama;fr=Oussama",
	"أنس;Anas",
	"أيوب;Ayoub|Ayub|Ayyub",
	"زكريا;Zakaria|Zakariya",
	"مالك;Malik|Malek",
	"هيثم;Haitham|Haytham",
	"ياسين;Yassin|Yasin|Yaseen;fr=Yacine",
}

// sudaneseMale are names frequent in Sudan (Darfur, Kordofan, the Nile),
// with the Sudanese El- article joined as Sudanese documents write it.
// Synthetic list.
var sudaneseMale = []string{
	"آدم;Adam|Adem",
	"إسحاق;Ishag|Ishaq|Ishak",
	"يحيى;Yahya|Yehia",
	"أبكر;Abakar|Abaker",
	"هارون;Haroun|Harun",
	"الطيب;Eltayeb|Al-Tayeb|Altayeb|Tayeb",
	"الصادق;Elsadig|Al-Sadiq|Elsadiq|Sadig",
	"النور;Elnour|Al-Nur|Elnur",
	"بكري;Bakri|Bakry",
	"عوض;Awad|Awadh",
	"جعفر;Gaafar|Jafar|Jaafar",
	"حمدان;Hamdan",
	"الفاضل;Elfadil|Al-Fadil|Fadel",
	"عبدالرحيم;Abdelrahim|Abdulrahim|Abdel Rahim",
	"مجدي;Magdi|Majdi",
}

var arabicFemale = []string{
	"فاطمة;Fatima|Fatma|Fatimah;fr=Fatima|Fatma",
	"عائشة;Aisha|Aysha|Ayesha;fr=Aicha|Aïcha",
	"مريم;Mariam|Maryam;fr=Meriem|Mariam",
	"زينب;Zainab|Zeinab|Zaynab;fr=Zineb|Zeineb",
	"خديجة;Khadija|Khadiga;fr=Khadidja|Khadija",
	"أمينة;Amina|Aminah",
	"حليمة;Halima|Haleema",
	"نور;Nour|Noor|Nur",
	"سارة;Sara|Sarah",
	"هدى;Huda|Hoda|Houda",
	"سلمى;Salma|Selma",
	"ليلى;Layla|Leila|Laila",
	"حواء;Hawa|Hawaa",
	"رحاب;Rehab|Rihab",
	"آمنة;Amna|Amena",
}

// divineNames are the complements of Abd al- compounds: Arabic script,
// Latin root, French form of the whole compound, and whether the root
// starts with a sun letter (Abdur-Rahman, Abdus-Salam).
var divineNames = []struct {
	native, root, fr string
	sun              bool
}{
	{"الرحمن", "Rahman", "Abderrahmane", true},
	{"العزيز", "Aziz", "Abdelaziz", false},
	{"الكريم", "Karim", "Abdelkrim", false},
	{"القادر", "Qadir", "Abdelkader", false},
	{"الرحيم", "Rahim", "Abderrahim", true},
	{"الحميد", "Hamid", "Abdelhamid", false},
	{"السلام", "Salam", "Abdesslam", true},
	{"المجيد", "Majid", "Abdelmajid", false},
	{"الناصر", "Nasser", "Abdennasser", true},
	{"الله", "Allah", "Abdallah", false},
	{"اللطيف", "Latif", "Abdellatif", true},
	{"الوهاب", "Wahab", "Abdelwahab", false},
	{"الجبار", "Jabbar", "Abdeljabbar", false},
	{"الحليم", "Halim", "Abdelhalim", false},
	{"الباسط", "Basit", "Abdelbasset", false},
}

// abdToken builds an Abd al- compound with its usual spellings: joined
// (Abdelrahman, Abdulrahman), spaced (Abdel Rahman, Abdul Rahman), the
// scholarly Abd al-Rahman and the sun-letter assimilation (Abdurrahman).
func abdToken(native, root, fr string, sun bool) *token {
	lower := strings.ToLower(root)
	en := []string{"Abdel" + lower, "Abdul" + lower, "Abdel " + root, "Abdul " + root, "Abd al-" + root, "Abdal" + lower}
	if root == "Allah" {
		en = []string{"Abdallah", "Abdullah", "Abdalla", "Abdulla", "Abd Allah"}
	}
	if sun {
		en = append(en, "Abd"+"u"+lower[:1]+lower, "Abd"+"ur-"+root)
	}
	t := &token{native: "عبد " + native, key: "abd-" + lower}
	t.forms[styleEN] = rankWeights(en)
	t.forms[styleFR] = rankWeights([]string{fr, "Abdel" + lower, "Abdel " + root})
	return t
}

func abdTokens() []*token {
	out := make([]*token, len(divineNames))
	for i, d := range divineNames {
		out[i] = abdToken(d.native, d.root, d.fr, d.sun)
	}
	return out
}

// Family names and nisbas for the cultures whose names carry one. The
// article al- is rendered in all its written forms (al-, Al, El-, joined,
// dropped) by articleForms.
var syrianFamily = []string{
	"الأحمد;al-Ahmad", "خليل;Khalil|Khaleel", "الحسين;al-Hussein", "حداد;Haddad|Hadad",
	"الحمود;al-Hamoud", "العلي;al-Ali", "درويش;Darwish|Darwiche", "الشامي;al-Shami",
	"الخطيب;al-Khatib", "النجار;al-Najjar", "الحموي;al-Hamwi", "الحلبي;al-Halabi",
	"العمر;al-Omar", "جابر;Jaber|Jabir", "المصري;al-Masri", "السيد;al-Sayed",
	"الحسن;al-Hassan", "قاسم;Kassem|Qassem", "الإبراهيم;al-Ibrahim", "عبود;Abboud|Aboud",
}

var iraqiNisba = []string{
	"الجبوري;al-Jubouri|al-Jaburi", "التميمي;al-Tamimi", "الدليمي;al-Dulaimi|al-Dulaymi",
	"العبيدي;al-Obeidi|al-Ubaydi", "الشمري;al-Shammari", "الربيعي;al-Rubaie|al-Rubai",
	"الساعدي;al-Saadi|al-Sa'adi", "التكريتي;al-Tikriti", "الزبيدي;al-Zubaidi|al-Zubaydi",
	"الخفاجي;al-Khafaji", "البغدادي;al-Baghdadi", "الموسوي;al-Musawi|al-Moussawi",
}

var libyanFamily = []string{
	"الورفلي;al-Warfalli|al-Werfalli", "الزاوي;al-Zawi", "المصراتي;al-Misrati|al-Musrati",
	"العبيدي;al-Obeidi", "المغربي;al-Maghribi", "الترهوني;al-Tarhouni", "الككلي;al-Kikli",
	"الفيتوري;al-Fitouri|al-Feturi", "بن عمران;Ben Omran|Bin Imran",
}

// maghrebFamily are Moroccan, Algerian and Tunisian surnames in their usual
// French spellings. Synthetic list.
var maghrebFamily = []string{
	"بن علي;Benali|Ben Ali;fr=Benali|Ben Ali",
	"بوزيد;Bouzid|Bouzide;fr=Bouzid",
	"العمراني;El Amrani|Elamrani|Al-Amrani;fr=El Amrani|Elamrani",
	"المنصوري;Mansouri|El Mansouri;fr=Mansouri|El Mansouri",
	"بلقاسم;Belkacem|Belkassem;fr=Belkacem",
	"حداد;Haddad;fr=Haddad",
	"البخاري;Boukhari|Bukhari;fr=Boukhari",
	"السعيدي;Saidi|Essaidi;fr=Saïdi|Saidi|Essaidi",
	"الشريف;Cherif|Sharif;fr=Cherif|Chérif",
	"الطرابلسي;Trabelsi;fr=Trabelsi",
	"بن صالح;Bensalah|Ben Salah;fr=Bensalah|Ben Salah",
	"الإدريسي;Idrissi|El Idrissi;fr=El Idrissi|Idrissi",
	"العلوي;Alaoui|El Alaoui;fr=Alaoui|El Alaoui",
	"زروقي;Zerrouki|Zarouki;fr=Zerrouki",
	"حمدي;Hamdi;fr=Hamdi",
	"الوالي;Ouali|Wali;fr=Ouali",
	"بنعيسى;Benaissa|Ben Aissa;fr=Benaïssa|Benaissa",
	"الغربي;Gharbi|El Gharbi;fr=Gharbi",
}

// maghrebGiven is the fallback when the popular-names data is absent.
var maghrebMale = []string{
	"محمد;Mohamed|Mohammed;fr=Mohamed|Mohammed", "أحمد;Ahmed", "يوسف;Youssef;fr=Youssef|Youcef",
	"عمر;Omar", "رشيد;Rachid", "عبد القادر;Abdelkader", "علي;Ali", "كريم;Karim", "أيوب;Ayoub",
	"حمزة;Hamza", "إلياس;Ilyes|Ilyas", "أمين;Amine", "مهدي;Mehdi", "بلال;Bilal", "سفيان;Sofiane|Soufiane",
}

var maghrebFemale = []string{
	"فاطمة;Fatima;fr=Fatima|Fatma", "مريم;Meriem", "أمينة;Amina", "سارة;Sara", "ياسمين;Yasmine",
	"خديجة;Khadija", "إيمان;Imane|Imen", "نور;Nour",
}

// Somali names: Somali orthography (c = ʿ, x = ḥ, doubled long vowels) on
// Somali-issued papers, English elsewhere, French and Italian where the
// clerk was. Synthetic list after NAMES.md 4.5.
var somaliMale = []string{
	";Mohamed|Mohammed|Mohamud;so=Maxamed;it=Mohamed|Mohammed;fr=Mohamed",
	";Abdi|Abdy;so=Cabdi;it=Abdi",
	";Ali;so=Cali",
	";Omar|Umar;so=Cumar;fr=Omar|Oumar",
	";Hassan|Hasan;so=Xasan",
	";Hussein|Hussen|Husein;so=Xuseen;fr=Houssein|Hussein;it=Hussen|Hussein",
	";Osman|Usman;so=Cismaan",
	";Yusuf|Yousuf|Yussuf;so=Yuusuf;fr=Youssouf",
	";Ahmed|Ahmad;so=Axmed",
	";Ibrahim;so=Ibraahim",
	";Abdullahi|Abdulahi;so=Cabdullaahi",
	";Abdirashid|Abdirashiid;so=Cabdirashiid;fr=Abdirachid;it=Abdirascid|Abdirashid",
	";Nur|Noor|Nour;so=Nuur;fr=Nour",
	";Farah|Farax;so=Faarax",
	";Jama|Jamac;so=Jaamac",
	";Warsame|Warsama;so=Warsame",
	";Guled|Gulled;so=Guuleed",
	";Hirsi|Hersi;so=Xirsi",
	";Aden|Adan;so=Aadan",
	";Mohamud|Mahmoud|Mahmud;so=Maxamuud",
	";Elmi|Ilmi;so=Cilmi",
	";Dahir|Daher;so=Daahir",
	";Said|Saeed;so=Siciid",
	";Abdikarim|Abdulkarim;so=Cabdikariim",
	";Bashir|Bashiir;so=Bashiir",
	";Abshir;so=Abshir",
	";Liban|Libaan;so=Liibaan",
	";Shire|Shirre;so=Shire",
}

var somaliFemale = []string{
	";Fatuma|Fadumo|Fatima;so=Faadumo",
	";Hawa|Hawo;so=Xaawo",
	";Asha|Aisha;so=Caasha",
	";Hodan;so=Hodan",
	";Sahra|Zahra;so=Sahra",
	";Ifrah;so=Ifraax",
	";Mariam|Maryan;so=Maryan",
	";Amina|Aamina;so=Aamina",
	";Nasra;so=Nasra",
	";Hibaq|Hibaaq;so=Hibaaq",
}

// Tigrinya (Eritrea) names in Ge'ez with English and Italian-influenced
// spellings (gh before e and i). Synthetic list after NAMES.md 4.6.
var tigrinyaMale = []string{
	"ተስፋይ;Tesfay|Tesfai|Tesfaye|Tesfay",
	"ዮሃንስ;Yohannes|Yohanes|Johannes",
	"ግርማይ;Girmay|Ghirmay|Girmai;it=Ghirmay|Ghirmai",
	"ተኽለ;Tekle|Teklay|Teklai",
	"በርሀ;Berhe|Brhe",
	"መሓሪ;Mehari|Meharie|Mhari",
	"ኪዳነ;Kidane|Kidan",
	"ሰመረ;Semere|Semre",
	"ፊልሞን;Filmon|Filimon|Philemon",
	"ዳዊት;Dawit|Dawid",
	"ሮቤል;Robel|Robiel",
	"ቢንያም;Biniam|Biniyam|Beniam",
	"መርሃዊ;Merhawi|Merhawie",
	"ዮናስ;Yonas|Jonas",
	"ሃብቶም;Habtom|Habtum",
	"ሃይለ;Haile|Hayle|Haylay",
	"ክብሮም;Kibrom|Kbrom",
	"ጎይቶም;Goitom|Goytom",
	"ተወልደ;Tewelde|Tewolde",
	"ኣማኑኤል;Amanuel|Emanuel",
	"ሄኖክ;Henok|Henock",
	"የማነ;Yemane|Yemaneh",
	"ኤፍሬም;Efrem|Ephrem",
	"ኣብርሃም;Abraham|Abrham",
	"ካሕሳይ;Kahsay|Kahsai",
	"ወልዱ;Weldu|Woldu",
	"ጸጋይ;Tsegay|Tsegai|Tzegai",
	"ሙሉጌታ;Mulugeta",
	"ኣለም;Alem",
	"ሳሙኤል;Samuel|Samiel",
}

var tigrinyaFemale = []string{
	"ሰናይት;Senait|Senayt", "ሄለን;Helen", "ሳባ;Saba", "ሉዋም;Luwam|Luam", "ሰላም;Selam",
	"ዮርዳኖስ;Yordanos|Yordanose", "ጸጋ;Tsega|Tsegga", "ሕይወት;Hiwet|Hiwot", "ኣበባ;Abeba|Abebech",
	"ፍዮሪ;Fiori|Fyori", "ሚልየን;Milyen|Million", "ኤደን;Eden",
}

// amharicMale and amharicFemale are the fallback for Ethiopian names when the
// Ge'ez data is absent.
var amharicMale = []string{
	"ተስፋዬ;Tesfaye|Tesfaye|Tesfayie", "ጌታቸው;Getachew|Getachow", "አለማየሁ;Alemayehu|Alemayhu",
	"ሰለሞን;Solomon|Selomon", "ዳዊት;Dawit", "ሙሉጌታ;Mulugeta", "ግርማ;Girma|Germa", "በቀለ;Bekele|Beqele",
	"ታደሰ;Tadesse|Taddese", "ከበደ;Kebede|Kebbede", "አበበ;Abebe|Abebbe", "መኮንን;Mekonnen|Mekonen",
	"አለሙ;Alemu", "ወርቁ;Worku|Werku", "ጸጋዬ;Tsegaye|Tsegay", "ዮናስ;Yonas",
}

var amharicFemale = []string{
	"አልማዝ;Almaz", "ትዕግስት;Tigist|Tegist", "ሜሮን;Meron", "ሒሩት;Hirut|Hiruth",
	"ሰላማዊት;Selamawit", "ቤተልሔም;Bethlehem|Betelhem",
}

// habeshaCompounds are the theophoric prefixes and suffixes of compound
// Habesha names (Gebre-Medhin, Wolde-Mariam, Haile-Selassie) with their
// slash abbreviations. Synthetic after NAMES.md 4.6.
var habeshaPrefixes = []struct{ native, en, it, slash string }{
	{"ገብረ", "Gebre", "Ghebre", "G/"},
	{"ወልደ", "Wolde", "Welde", "W/"},
	{"ሃይለ", "Haile", "Haile", "H/"},
	{"ተኽለ", "Tekle", "Tecle", "T/"},
	{"ሃብተ", "Habte", "Habte", ""},
	{"ኪዳነ", "Kidane", "Chidane", "K/"},
	{"ተስፋ", "Tesfa", "Tesfa", "T/"},
}

var habeshaSuffixes = []struct{ native, en, alt string }{
	{"መድህን", "Medhin", "Medhn"},
	{"ማርያም", "Mariam", "Maryam"},
	{"ሥላሴ", "Selassie", "Sellasie"},
	{"ሚካኤል", "Michael", "Mikael"},
	{"ጊዮርጊስ", "Giorgis", "Ghiorghis"},
	{"ክርስቶስ", "Kristos", "Christos"},
	{"የሱስ", "Yesus", "Iyesus"},
	{"እግዚኣብሄር", "Egziabher", "Egzi"},
	{"ጽዮን", "Tsion", "Zion"},
}

// habeshaCompound builds one compound name with its joined, hyphenated,
// split and slash-abbreviated spellings.
func habeshaCompound(pi, si int) *token {
	p, s := habeshaPrefixes[pi], habeshaSuffixes[si]
	low := strings.ToLower(s.en)
	en := []string{p.en + low, p.en + "-" + s.en, p.en + " " + s.en, p.en + strings.ToLower(s.alt)}
	it := []string{p.it + low, p.it + " " + s.en, p.en + low}
	if s.en == "Egziabher" {
		// Long forms shorten in use: GebreEgziabher → Gebrezgi.
		en = append(en, p.en+"zgi", p.en+"zgiabher")
	}
	t := &token{native: p.native + s.native, key: strings.ToLower(p.en + s.en)}
	t.forms[styleEN] = rankWeights(en)
	t.forms[styleIT] = rankWeights(it)
	if p.slash != "" {
		// Slash abbreviations appear on Ethiopian and Eritrean documents;
		// styleSO is unused for Habesha names, so documents ask for it by
		// slashStyle.
		t.forms[slashStyle] = []spelling{{p.slash + s.en, 1}}
	}
	return t
}

// slashStyle reuses the Somali slot for Habesha slash abbreviations, which
// never meet a Somali name.
const slashStyle = styleSO

// Afghan names (Dari/Pashto) in Perso-Arabic script. Two-word compounds are
// one given name. Synthetic list after NAMES.md 4.4.
var afghanMale = []string{
	"احمد;Ahmad|Ahmed", "محمد;Mohammad|Mohammed|Muhammad|Mohamad", "علی;Ali",
	"حمید;Hamid|Hameed", "رحمت‌الله;Rahmatullah|Rahmatollah|Rahmat Ullah",
	"حبیب‌الله;Habibullah|Habibollah|Habib Allah", "نورالله;Noorullah|Nurullah|Noor Ullah",
	"غلام حضرت;Ghulam Hazrat|Gulam Hazrat", "محمد زمان;Mohammad Zaman|Muhammad Zaman",
	"عبدالعلی;Abdul Ali|Abdulali", "دین محمد;Din Mohammad|Deen Mohammad",
	"گل احمد;Gul Ahmad|Gol Ahmad", "احمد خان;Ahmad Khan", "ذبیح‌الله;Zabiullah|Zabihullah",
	"نوید;Navid|Naveed|Nawid", "جواد;Jawad|Javad", "سهراب;Sohrab|Suhrab", "فرید;Farid|Fareed",
	"شفیق;Shafiq|Shafeeq", "وحید;Wahid|Waheed|Vahid", "مصطفی;Mustafa|Mostafa",
	"حکمت‌الله;Hekmatullah|Hikmatullah", "سمیع‌الله;Samiullah|Sami Ullah", "بلال;Bilal",
	"روح‌الله;Rohullah|Ruhullah", "عصمت‌الله;Esmatullah|Ismatullah", "ناصر;Nasir|Naser",
	"حسین;Hussain|Hossein|Husain", "مهدی;Mahdi|Mehdi", "رضا;Reza|Raza",
}

var afghanFemale = []string{
	"فاطمه;Fatima|Fatema", "زهرا;Zahra|Zohra", "مریم;Maryam|Mariam", "سکینه;Sakina|Sakineh",
	"شبنم;Shabnam", "نرگس;Nargis|Narges", "معصومه;Masooma|Masoumeh", "فرشته;Freshta|Fereshteh",
}

var afghanFamily = []string{
	"احمدزی;Ahmadzai|Ahmadzay|Ahmadzoy", "یوسفزی;Yousafzai|Yusufzai|Yousafzay",
	"ستانکزی;Stanikzai|Stanekzai", "پوپلزی;Popalzai|Popalzay", "هوتک;Hotak|Hotaki",
	"صافی;Safi", "محمدی;Mohammadi|Muhammadi", "احمدی;Ahmadi", "حسینی;Hussaini|Hosseini|Husaini",
	"رحیمی;Rahimi", "کریمی;Karimi", "سلطانی;Sultani|Soltani", "نوری;Noori|Nouri",
	"امیری;Amiri", "حیدری;Haidari|Haideri|Heydari", "جلالی;Jalali", "عزیزی;Azizi",
}

// Kurdish names: Kurmanji (Hawar) orthography, English spellings and the
// Sorani Arabic-script form used in Iraqi Kurdistan. Synthetic list after
// NAMES.md 4.7.
var kurdishMale = []string{
	"ئازاد;Azad;ku=Azad", "ڕزگار;Rizgar|Rezgar;ku=Rizgar", "شێرکۆ;Sherko|Shirko;ku=Şêrko",
	"خالد;Khalid|Khaled;ku=Xalid", "جەمال;Jamal|Cemal;ku=Cemal", "کاوە;Kawa|Kawe;ku=Kawa",
	"دلشاد;Dilshad|Delshad;ku=Dilşad", "بەرزان;Barzan|Berzan;ku=Berzan", "سەرهات;Serhat|Sarhat;ku=Serhat",
	"زانا;Zana;ku=Zana", "وەلات;Walat|Welat;ku=Welat", "باران;Baran;ku=Baran", "دیار;Diyar|Dyar;ku=Diyar",
	"شڤان;Shivan|Sivan;ku=Şivan", "هەژار;Hazhar|Hejar;ku=Hejar", "کاروان;Karwan|Carwan;ku=Karwan",
	"ئاران;Aran;ku=Aran", "هێمن;Hemin|Hemn;ku=Hêmin", "ئەحمەد;Ahmed|Ahmad;ku=Ehmed",
	"مەحمود;Mahmood|Mahmud;ku=Mehmûd", "حەسەن;Hassan|Hasan;ku=Hesen",
}

var kurdishFemale = []string{
	"هێڤی;Hevi|Hevy;ku=Hêvî", "ڕۆژدا;Rojda;ku=Rojda", "نەورۆز;Nawroz|Newroz;ku=Newroz",
	"بەهار;Bahar|Behar;ku=Bahar", "ژیان;Jiyan|Zhiyan;ku=Jiyan", "شیرین;Shirin|Sirin;ku=Şîrîn",
}

var kurdishFamily = []string{
	"بارزانی;Barzani;ku=Barzanî", "زێباری;Zebari|Zibari;ku=Zêbarî", "دۆسکی;Doski|Duski;ku=Doskî",
	"هەورامی;Hawrami|Hewrami;ku=Hewramî", "سۆرانی;Sorani;ku=Soranî", "گەردی;Gardi|Gerdi;ku=Gerdî",
}

// West African given names (Fula, Mandinka, Wolof, Soninke) with French and
// English (Gambian) spellings. Synthetic list after NAMES.md 4.8.
var westAfricanMale = []string{
	";Mamadou|Momodou|Modou|Mamadu;fr=Mamadou|Mamady|Mamadi",
	";Amadou|Ahmadu|Amadu;fr=Amadou",
	";Ousmane|Usman|Ousman;fr=Ousmane",
	";Boubacar|Abubakar|Bubacarr;fr=Boubacar|Aboubacar",
	";Abdoulaye|Abdoulie|Abdullahi;fr=Abdoulaye",
	";Souleymane|Sulayman|Suleiman;fr=Souleymane|Soulemane",
	";Ibrahima|Ebrima|Ibrahim;fr=Ibrahima",
	";Moussa|Musa;fr=Moussa",
	";Lamine|Lamin;fr=Lamine",
	";Alpha|Alfa;fr=Alpha",
	";Sekou|Seku;fr=Sékou|Sekou",
	";Oumar|Omar|Umaru;fr=Oumar",
	";Alassane|Alhassan|Alasan;fr=Alassane",
	";Saliou|Saliu|Sallieu;fr=Saliou",
	";Cheikh|Sheikh|Cheick;fr=Cheikh|Cheick",
	";Bakary|Bakari;fr=Bakary",
	";Adama;fr=Adama",
	";Fode|Foday|Fodey;fr=Fodé|Fode",
	";Ismaila|Ismail;fr=Ismaïla|Ismaila",
	";Yaya|Yahya;fr=Yaya",
	";Kalilou|Kalilu|Khalilou;fr=Kalilou",
	";Djibril|Jibril;fr=Djibril",
	";Moustapha|Mustapha|Mustafa;fr=Moustapha",
	";Karamoko;fr=Karamoko",
}

var westAfricanFemale = []string{
	";Fatoumata|Fatimata|Fatmata|Fatou;fr=Fatoumata|Fatimata",
	";Aissatou|Isatou|Aisatou;fr=Aïssatou|Aissatou",
	";Mariama|Mariam;fr=Mariama",
	";Hawa|Awa|Haoua;fr=Hawa|Haoua|Awa",
	";Kadiatou|Kadijatou|Kaddy;fr=Kadiatou",
	";Djenaba|Jainaba|Zenabou;fr=Djénaba|Djenaba",
	";Aminata|Aminatta|Minata;fr=Aminata",
	";Binta|Bintou;fr=Binta",
	";Oumou|Umu;fr=Oumou",
}

// West African surnames by country, the Fula clan names first: few names,
// very frequent (Diallo is about one Guinean in ten).
var westAfricanFamily = map[string][]string{
	"GN": {";Diallo|Jallo|Djallo|Djalo;fr=Diallo", ";Barry|Bari;fr=Barry", ";Bah|Ba;fr=Bah|Ba",
		";Balde|Baldeh;fr=Baldé|Balde", ";Sow|Sowe;fr=Sow", ";Camara|Kamara;fr=Camara",
		";Conde|Konde;fr=Condé|Conde", ";Toure|Turay;fr=Touré|Toure", ";Sylla|Silla;fr=Sylla",
		";Keita;fr=Keïta|Keita", ";Soumah|Sumah;fr=Soumah", ";Kouyate|Kuyateh;fr=Kouyaté"},
	"GM": {";Jallow|Jalloh|Diallo;fr=Diallo", ";Bah|Ba", ";Ceesay|Sesay|Cisse;fr=Cissé",
		";Njie|Njai|Ndiaye;fr=Ndiaye", ";Touray|Toure;fr=Touré", ";Jammeh|Jamme",
		";Sanneh|Sane;fr=Sané", ";Darboe|Darbo", ";Sowe|Sow", ";Camara|Kamara",
		";Drammeh|Drame;fr=Dramé", ";Jobe|Job|Diop;fr=Diop", ";Saidy|Saidi"},
	"SN": {";Ndiaye|Njie|N'Diaye;fr=N'Diaye|Ndiaye", ";Diop|Jobe;fr=Diop", ";Fall|Fal;fr=Fall",
		";Sarr|Sar;fr=Sarr", ";Gueye|Gaye;fr=Guèye|Gueye", ";Mbaye|M'Baye;fr=M'Baye|Mbaye",
		";Sow;fr=Sow", ";Diallo|Jallow;fr=Diallo", ";Ba|Bah;fr=Ba", ";Faye|Fay;fr=Faye",
		";Diouf|Juuf;fr=Diouf", ";Cisse|Sisay;fr=Cissé|Cisse", ";Seck|Sek;fr=Seck"},
	"ML": {";Traore|Trawally;fr=Traoré|Traore", ";Coulibaly|Kulibali;fr=Coulibaly|Koulibaly",
		";Keita;fr=Keïta|Keita", ";Diarra|Jarra;fr=Diarra", ";Konate|Konateh;fr=Konaté",
		";Toure|Turay;fr=Touré", ";Sangare;fr=Sangaré", ";Diakite|Jakite;fr=Diakité",
		";Maiga;fr=Maïga|Maiga", ";Doumbia|Dumbuya;fr=Doumbia", ";Cisse|Sisay;fr=Cissé",
		";Sissoko|Cissoko;fr=Sissoko", ";Diallo|Jallow;fr=Diallo"},
	"CI": {";Kone|Konneh;fr=Koné|Kone", ";Ouattara|Watara;fr=Ouattara", ";Coulibaly;fr=Coulibaly",
		";Kouassi|Kwasi;fr=Kouassi", ";Kouame|Kwame;fr=Kouamé", ";Yao;fr=Yao", ";Traore;fr=Traoré",
		";Bamba;fr=Bamba", ";Konan;fr=Konan", ";Diabate|Jobarteh;fr=Diabaté", ";Doumbia;fr=Doumbia",
		";Toure;fr=Touré"},
}

// Bangladeshi given names in Bengali script. Synthetic list; the surnames
// come from the popular-names data (with Bengali script) when present.
var bengaliMale = []string{
	"রাকিব;Rakib|Rakeeb", "সাকিব;Sakib|Shakib", "হাসান;Hasan|Hassan", "রফিক;Rafiq|Rafik",
	"জাহিদ;Zahid|Jahid", "কামাল;Kamal", "শফিকুল;Shafiqul|Shofikul", "আরিফ;Arif|Aarif",
	"নাসির;Nasir|Naser", "মাসুদ;Masud|Masood", "সুমন;Sumon|Suman", "রুবেল;Rubel",
	"আলমগীর;Alamgir|Alomgir", "মিজানুর;Mizanur|Mijanur", "রাসেল;Rasel|Russell",
	"আব্দুল্লাহ;Abdullah|Abdulla", "ইমরান;Imran|Emran", "রিয়াজ;Riaz|Riyaz", "সোহেল;Sohel|Shohel",
}

var bengaliFamily = []string{
	"হোসেন;Hossain|Hossen|Hussain", "ইসলাম;Islam", "রহমান;Rahman|Rahaman", "আহম্মেদ;Ahmed|Ahmmed",
	"উদ্দিন;Uddin|Uddeen", "মিয়া;Miah|Mia|Miya", "সরকার;Sarker|Sarkar", "চৌধুরী;Chowdhury|Choudhury",
	"আলী;Ali", "শেখ;Sheikh|Shaikh",
}

// bengaliMuhammad is the Muhammad that Bangladeshi men carry first, written
// Md. or Mohammad, and often left out.
var bengaliMuhammad = tok("মোহাম্মদ;Md.|Mohammad|Mohammed|Muhammad|Md|Mohd.")

// Vietnamese names with diacritics (styleVI) and without (foreign records).
// The surnames and their shares come from the popular-names data when
// present; given and middle names are a synthetic list.
var vietFamily = []string{
	";Nguyen;vi=Nguyễn", ";Tran;vi=Trần", ";Le;vi=Lê", ";Pham;vi=Phạm", ";Huynh|Hoang;vi=Huỳnh|Hoàng",
	";Phan;vi=Phan", ";Vu|Vo;vi=Vũ|Võ", ";Dang;vi=Đặng", ";Bui;vi=Bùi", ";Do;vi=Đỗ", ";Ho;vi=Hồ",
	";Ngo;vi=Ngô", ";Duong;vi=Dương", ";Ly;vi=Lý",
}

var vietFamilyShares = []float64{38, 11, 9.5, 7.1, 5.1, 4.5, 3.9, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5}

var vietMale = []string{
	";Hung;vi=Hùng", ";Dung;vi=Dũng", ";Tuan;vi=Tuấn", ";Long;vi=Long", ";Nam;vi=Nam", ";Hai;vi=Hải",
	";Minh;vi=Minh", ";Thanh;vi=Thành", ";Phong;vi=Phong", ";Quan;vi=Quân", ";Huy;vi=Huy",
	";Cuong;vi=Cường", ";Son;vi=Sơn", ";Trung;vi=Trung", ";Dat;vi=Đạt", ";Khoa;vi=Khoa",
	";Thang;vi=Thắng", ";Duc;vi=Đức",
}

var vietFemale = []string{
	";Lan;vi=Lan", ";Huong;vi=Hương", ";Linh;vi=Linh", ";Trang;vi=Trang", ";Mai;vi=Mai",
	";Thao;vi=Thảo", ";Ngoc;vi=Ngọc", ";Ha;vi=Hà",
}

var vietMiddleMale = toks(";Van;vi=Văn", ";Duc;vi=Đức", ";Minh;vi=Minh", ";Huu;vi=Hữu", ";Quang;vi=Quang", ";Thanh;vi=Thanh")
var vietMiddleFemale = toks(";Thi;vi=Thị", ";Ngoc;vi=Ngọc", ";Thu;vi=Thu", ";Thanh;vi=Thanh")
