"""Naming traditions of the Arab world, Iran, South Asia and East Asia.

The most frequent Arabic names are written in Arabic script (their usual Latin spellings are
in `transliteration.ARABIC_NAME_FORMS`); rarer Arabic names, and Persian, South and East Asian
names, are in the Latin spelling their passports carry, composed from roots and vowel
patterns, stems and endings, or syllables.
"""

from __future__ import annotations

from passage.synthetic.traditions.pools import Composer, NamePool, pattern
from passage.synthetic.traditions.tradition import Tradition, lower, words

C = "B T Th J H Kh D Dh R Z S Sh F Q K L M N W Y Gh"  # consonants of Arabic roots, in Latin
c = lower(C)
CC = "bb tt jj hh dd rr zz ss ff qq kk ll mm nn ww yy"  # doubled (shadda) consonants

AR = Tradition(
    "ar",
    12,
    words("SYR IRQ EGY JOR SAU YEM SDN LBY MAR DZA TUN LBN PSE ARE KWT"),
    NamePool(
        words(
            "محمد أحمد علي محمود عمر حسن حسين خالد يوسف إبراهيم مصطفى عبدالله عبدالرحمن سعيد "
            "طارق كريم جمال سمير ناصر رشيد فيصل حمزة بلال زياد عادل وليد ياسر منصور صالح عثمان "
            "عباس يونس سليمان قاسم عيسى موسى شريف"
        ),
        Composer(
            (
                pattern(C, "a", c, "i", c),
                pattern(C, "a", CC, "a", c),
                pattern(C, "u", c, "a", c),
                pattern("Abdul Abdel Abdal", lower(C), "a", c, "i", c),
                pattern("Mu", c, "a", CC, "a", c),
            ),
            distinct=True,
        ),
        size=3_000,
        offset=0.0,
        exponent=1.0,
    ),
    NamePool(
        words("فاطمة عائشة مريم زينب خديجة نور ليلى سارة أمينة هدى ياسمين رانيا سلمى"),
        Composer(
            (
                pattern(C, "a", c, "i", c, "a"),
                pattern(C, "a", c, c, "a"),
                pattern(C, "u", c, "a"),
                pattern(C, "a", c, "a", c),
            ),
            distinct=True,
        ),
        size=2_000,
        exponent=1.0,
    ),
    NamePool(
        words(
            "الهاشمي العلي الحسن الشامي المصري التميمي الزهراني القحطاني العتيبي الدوسري حداد "
            "خوري منصوري بكر عباس يونس سليمان نجار قاسم الجزائري الخطيب"
        ),
        Composer(
            (
                pattern("Al-", C, "a", c, "i", c, "i"),
                pattern(C, "a", CC, "a", c),
                pattern(C, "a", c, "i", c, "i"),
                pattern(C, "a", c, "a", c, "a"),
                pattern(("Abu ",), C, "a", c, "i", c),
                pattern("Al-", C, "a", CC, "a", c),
                pattern(C, "u", c, "a", c, "i"),
                pattern("El-", C, "a", c, c, "i"),
                pattern("Ben Bou", c, "a i", c, "i a", c),
            ),
            distinct=True,
        ),
        exponent=0.9,
    ),
    script="arabic",
    transliterated=True,
    second_given=0.0,
    fathers_name=0.6,
)

FA_STEMS = (
    "Ahmad Karim Rahim Hashem Kazem Ghasem Sadegh Heydar Rostam Ebrahim Akbar Bagher Mahmoud "
    "Azim Amin Jalal Kamal Nasr Mansour Tavakol Ghorban Rahman Saleh Tehran Esfahan Shiraz "
    "Tabriz Kerman Yazd Mashhad Qazvin Kashan Hamedan Rasht Zanjan Ardabil Semnan Sabzevar "
    "Neyshabur Farhad Bahram Dariush Khosrow Parviz Shahab Nour Golestan Mirza Sohrab Jamshid"
)
FA = Tradition(
    "fa",
    3,
    words("IRN IRN AFG TJK"),
    NamePool(
        words(
            "Mohammad Ali Reza Hossein Mehdi Amir Hamid Saeed Majid Ahmad Mahmoud Hassan Javad "
            "Morteza Abbas Farhad Behrouz Dariush Kourosh Babak Siavash Arash Omid Navid Nima "
            "Parviz Karim Rahim Ghulam Wahid Farid Jawad Sohrab"
        ),
        Composer(
            (
                pattern(
                    "Far Beh Mah Par Shah Khosh Nik Ros Gol Ar Bah Dar Jam Kam Ram Sar Shir "
                    "Tah Vah Ard Bij Esf Hom Mas",
                    "zad dad rouz yar nam vash doust ang ad min var yan",
                ),
            )
        ),
        size=2_000,
        exponent=1.0,
    ),
    NamePool(
        words(
            "Fatemeh Zahra Maryam Zeinab Masoumeh Sakineh Leila Narges Parisa Shirin Mahsa "
            "Nazanin Sara Elham Azadeh Roya Niloufar Mina Yasaman Samira Forough Golnar "
            "Parvaneh Mahnaz Soraya Fereshteh Tahmineh Marzieh Farzaneh Shabnam"
        ),
        Composer(
            (
                pattern(
                    "Mah Gol Par Shah Nil Nas Ros Sar Shir Yas Far Negar Ta Ba Del Ma",
                    "naz nar vaneh rokh ou rin ta min aneh dokht gol ban",
                ),
            )
        ),
        size=2_000,
        exponent=1.0,
    ),
    NamePool(
        words(
            "Mohammadi Hosseini Ahmadi Rezaei Moradi Karimi Hashemi Jafari Rahimi Mousavi Kazemi "
            "Ghasemi Sadeghi Heidari Rostami Ebrahimi Akbari Bagheri Mahmoudi Zarei Azizi "
            "Tehrani Esfahani Shirazi Tabrizi Ahmadzai Popal Karimi Noori Rahmani Safi"
        ),
        Composer(
            (
                pattern(
                    FA_STEMS,
                    "i zadeh pour nejad far ian vand nia rad doust khani abadi lou zai",
                ),
            )
        ),
        exponent=0.95,
    ),
    transliterated=True,
    second_given=0.1,
)

SA_STEMS = (
    "Agar Bhat Desh Gaik Gok Jos Kulk Mah Nad Pat Raj Sav Shin Tend Kam Kap Khur Mal Nag Par "
    "Rav Sar Sub Ven Kris Gan Shan Sriv Tiw Dwiv Trip Chaud Thak Bhard Kaus Rath Sax Sinh "
    "Solan Ahl Bal Chop Dhil Gill Grew Sand Sidh Sodh Ar Ban Dal Hal Kal Man Pal Ram Sah Tal"
)
SA = Tradition(
    "sa",
    10,
    words("IND IND IND IND PAK PAK BGD BGD NPL LKA"),
    NamePool(
        words(
            "Mohammed Ramesh Suresh Rajesh Abdul Mahesh Ganesh Dinesh Rakesh Mukesh Amit Sunil "
            "Anil Vijay Sanjay Ajay Manoj Ashok Rahul Arjun Ravi Krishna Gopal Raju Santosh "
            "Deepak Prakash Sandeep Vikram Rohit Arun Imran Asif Tariq Bilal Usman Gurpreet "
            "Harpreet Rahim Karim Hasan Md Ram Shyam Vinod Naveen Kiran Prasad"
        ),
        Composer(
            (
                pattern(
                    "Raj Sur Pra Vi Anan Dee Har Mahe Nare Ram Shi Ka Ma Ja Da Ha Ni Ra Sa Ta "
                    "Va Ya Gu Hari Kri Dhar Bhu Chan Dev Indra Jag Kam Lok Mad Nav Om Pawan "
                    "Pur Roh Sat Sid Sund Tar Uday Vas Yog",
                    "esh endra ant an it ish ay deep preet veer kumar raj nath pal jeet "
                    "inder oj un ik",
                ),
            )
        ),
        size=20_000,
        exponent=1.0,
    ),
    NamePool(
        words(
            "Sunita Anita Priya Pooja Neha Kavita Geeta Lakshmi Sita Rekha Asha Usha Meena "
            "Anjali Deepa Divya Shanti Savitri Radha Parvati Fatima Ayesha Nasreen Shabana "
            "Rubina Farzana Nusrat Shahnaz Sadia Ruksana Gurpreet Harpreet Manpreet Nirmala "
            "Kamala Sarita Suman Jyoti Rani"
        ),
        Composer(
            (
                pattern(
                    "Raj Sur Pra Vi Anan Dee Har Mahe Nare Ram Shi Ka Ma Ja Da Ha Ni Ra Sa Ta "
                    "Va Ya Gu Hari Kri Bhu Chan Dev Indra Kam Lok Mad Nav Pur Roh Sun Tar Vas",
                    "a i ika ita ini ya ima ali ani ee preet jeet lata vati mala",
                ),
            )
        ),
        size=15_000,
        exponent=1.0,
    ),
    NamePool(
        words(
            "Kumar Singh Sharma Khan Patel Das Ali Hossain Rahman Gupta Reddy Yadav Shah Ahmed "
            "Islam Akter Devi Mondal Sheikh Chowdhury Ansari Verma Mishra Pandey Joshi Nair Iyer "
            "Rao Pillai Mehta Jain Bose Banerjee Chatterjee Mukherjee Ghosh Sen Dutta Roy "
            "Shrestha Gurung Tamang Perera Fernando Jayasuriya Bandara Qureshi Malik Butt"
        ),
        Composer(
            (
                pattern(
                    SA_STEMS,
                    "- a i u an ar",
                    "wal wala kar ar an appa iah swamy nathan raj ani ia ekar ari ane ade "
                    "gi ji ore ella",
                ),
                pattern(
                    "Jaya Wick Gune Dissa Ratna Wije Sena Rana Abey Kuma Amara Ekana Heva Liya "
                    "Muna Pathi Sama Siri Weera",
                    "suriya ramasinghe sekara nayake tunga wardena ratne singhe koon kody "
                    "wickrema pala",
                ),
                pattern(
                    "Bhatta Chakra Mukho Bando Gango Chatto Roy Sen Das Guha Basu Kar Pal Nandi "
                    "Saha Mitra Dey Sarkar",
                    "- charya barty padhyay pal gupta chowdhury",
                ),
            )
        ),
        exponent=1.0,
    ),
    transliterated=True,
    second_given=0.25,
)

ZH_SYLLABLES = (
    "Wei Fang Min Jie Jing Li Qiang Lei Jun Yang Yong Yan Tao Ming Chao Xiu Ying Hua Hui Lan "
    "Xin Yu Hao Yi Zhi Bo Kai Jian Hong Ping Gang Bin Dong Xiang Feng Rui Peng Long Cheng Shu "
    "Zhen Ning Xue Mei Na Qing Ting Yun Xia Fei Liang Jia Ze Zi Han Xuan Yue Chen Lin Hai Tian "
    "Guo Zhong Wen Hu Kun Lu Ru Shan Song Xiao Yao Zheng An Bao Chun De Fu Gui Heng Huan Jin "
    "Ke Le Mu Nan Qi Quan Sheng Shi Si Wu Xi Xing Yin Zhu"
)
ZH = Tradition(
    "zh",
    8,
    words("CHN CHN CHN CHN TWN SGP MYS"),
    NamePool(
        words("Wei Yong Jun Tao Ming Qiang Lei Jie Hao Jian Gang Bin Chao Hui Xin Peng Hua Long"),
        Composer((pattern(ZH_SYLLABLES), pattern(ZH_SYLLABLES, lower(ZH_SYLLABLES)))),
    ),
    NamePool(
        words("Fang Min Jing Li Yan Xiuying Guiying Xiulan Yulan Ying Hong Mei Na Ting Yun Lan"),
        Composer((pattern(ZH_SYLLABLES), pattern(ZH_SYLLABLES, lower(ZH_SYLLABLES)))),
    ),
    NamePool(
        words(
            "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo "
            "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu "
            "Jiang Cai Jia Ding Wei Xue Ye Yan Du Dai Xia Zhong Ren Fan Fang Shi Yao Tan Liao Zou "
            "Xiong Jin Lu Hao Kong Bai Cui Kang Mao Qiu Qin Gu Hou Shao Meng Long Wan Duan Lei "
            "Qian Yin Yi Chang Qiao Lai Gong Wen Ouyang Situ Zhuge Shangguan Sima Dongfang"
        ),
        Composer((pattern(ZH_SYLLABLES),)),
        offset=2.0,
    ),
    second_given=0.0,
)

KO_SYLLABLES = (
    "Min Ji Seo Hyun Jun Young Soo Eun Woo Jin Sung Hye Yeon Ho Dong Sang Hee Kyung Jae Won "
    "Seung Ha Yoon Chan Hoon Na Ra Da Bin Joon Tae Sun Mi Ju In Gyu"
)
KO = Tradition(
    "ko",
    2,
    words("KOR KOR PRK"),
    NamePool((), Composer((pattern(KO_SYLLABLES, lower(KO_SYLLABLES)),)), exponent=0.8),
    NamePool((), Composer((pattern(KO_SYLLABLES, lower(KO_SYLLABLES)),)), exponent=0.8),
    NamePool(
        words(
            "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song "
            "Jeon Hong Yoo Ko Moon Yang Son Bae Baek Heo Nam Sim Noh Ha Kwak Sung Cha Joo Woo "
            "Koo Min Ryu Na Jin Ji Eom Chae Won Chun Bang Gong Hyun"
        ),
        exponent=1.2,
        offset=0.0,
    ),
    transliterated=True,
    second_given=0.0,
)

VI_MALE = (
    "An Anh Bình Cường Dũng Hải Hùng Hưng Khánh Long Minh Nam Phong Phúc Quang Sơn Tài "
    "Bảo Duy Hiển Hoà Khải Kiên Lộc Nghĩa Nhân Phát Quân Tâm Thịnh Trí Vũ"
)
VI_FEMALE = (
    "Hà Hạnh Hoa Hồng Hương Lan Linh Mai Ngọc Nhung Phương Thảo Thu Trang Tuyết Vân Yến "
    "Ánh Cúc Đào Hiền Khuê Liên Ly Nga Nhi Quỳnh Tâm Thủy Tiên Uyên Vy Xuân"
)
VI = Tradition(
    "vi",
    2,
    words("VNM"),
    NamePool(words(VI_MALE + " Thắng Thành Trung Tuấn Việt Vinh Đức Hiếu Khoa Lâm Toàn")),
    NamePool(words(VI_FEMALE + " Hằng Dung Huyền Giang Châu Diệp Loan Oanh Quyên Trâm")),
    NamePool(
        words(
            "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào "
            "Trương Lâm Mai Trịnh Lương Cao Tạ Hà Tô Châu Quách Thái Từ Văn Đoàn Kiều Lưu La "
            "Tăng Hứa Triệu Phùng"
        ),
        exponent=1.6,
        offset=0.0,
    ),
    second_given=0.0,
    middle=(
        NamePool(
            words("Văn Đức Minh Quốc Hữu Thanh Công Xuân Ngọc Quang"), exponent=1.5, offset=0.0
        ),
        NamePool(
            words("Thị Ngọc Thanh Thu Kim Bích Hồng Mỹ Phương Diệu"), exponent=1.5, offset=0.0
        ),
    ),
)

JA_FIRST = (
    "Yama Kawa Ta Naka Ishi Matsu Ko O Taka Fuji Mori Ki Hara Ike Kita Minami Nishi Higashi "
    "Kuro Shira Aka Ao Oka Hashi Sugi Ue Shimo Ima Kami Hira Wata Sakura Kiku Iwa Hori Uchi "
    "Tsuchi Kane Miya"
)
JA = Tradition(
    "ja",
    1,
    words("JPN"),
    NamePool(
        words("Hiroshi Takashi Kazuya Yuki Satoshi Kenji Daisuke Takuya Haruto Sota"),
        Composer(
            (
                pattern(
                    "Hiro Taka Kazu Masa Yoshi Tomo Nobu Hide Toshi Shin Ken Dai Ryo Yu Sho Ta "
                    "Haru Aki Tetsu Kei",
                    "shi ya to ki o ro suke hiko nori yuki ta ichi ji ma ru",
                ),
            )
        ),
    ),
    NamePool(
        words("Yuko Keiko Yoko Tomoko Akiko Yumi Emi Sakura Yui Hina Aoi Mei Rin Haruka"),
        Composer(
            (
                pattern(
                    "Yu Mi Sa Ha Na A Ma E Ai Chi Ka Ki Ri Mo Hana Mai Nao",
                    "ko ki ka na mi ri e yo no sa ho ne",
                ),
            )
        ),
    ),
    NamePool(
        words(
            "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato "
            "Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki"
        ),
        Composer(
            (
                pattern(
                    JA_FIRST,
                    "moto mura da ta kawa yama shita hara no uchi saki mori hashi gi jima oka "
                    "ike i kubo zawa sawa be tani guchi naga ishi bayashi gawa zaki o",
                ),
            )
        ),
    ),
    transliterated=True,
    second_given=0.0,
)
